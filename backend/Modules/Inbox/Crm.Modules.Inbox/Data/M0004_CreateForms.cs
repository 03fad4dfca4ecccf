using FluentMigrator;

namespace Crm.Modules.Inbox.Data;

/// <summary>
/// Web forms: what a form on the company's site asks and where its requests go. <c>key</c> is the public,
/// unguessable part of the submission address (the snippet carries it, so it is stored as it is, not
/// hashed); <c>fields</c> holds each field's mode (off, optional, required).
/// </summary>
[Migration(4, "Web forms")]
internal sealed class M0004_CreateForms : Migration
{
    public override void Up() => Execute.Sql("""
        create table inbox.forms (
            id uuid primary key,
            version int not null default 1,
            name text not null,
            pipeline_id uuid not null,
            fields jsonb not null,
            allowed_origins text[] not null default '{}',
            thank_you text not null,
            enabled boolean not null default true,
            key text not null,
            created_at timestamptz not null
        );
        create unique index ux_forms_key on inbox.forms (key);
        """);

    public override void Down() => Execute.Sql("drop table inbox.forms;");
}
