using FluentMigrator;

namespace Crm.Modules.Inbox.Data;

/// <summary>
/// Requests, and Inbox's copies of what it checks them against: pipelines (a request waits in one
/// with an unsorted stage) and users (who decided, by name). No foreign keys to copies: events may
/// arrive in any order.
/// </summary>
[Migration(2, "Requests; copies of pipelines and users")]
internal sealed class M0002_CreateRequests : Migration
{
    public override void Up() => Execute.Sql("""
        create table inbox.requests (
            id uuid primary key,
            version int not null default 1,
            source text not null check (source in ('form', 'mail', 'api')),
            pipeline_id uuid not null,
            status text not null default 'new' check (status in ('new', 'accepted', 'declined')),
            received_at timestamptz not null,
            contact_name text not null default '',
            phones text[] not null default '{}',
            emails text[] not null default '{}',
            company_name text,
            subject text,
            message text not null default '',
            region text,
            raw text not null,
            raw_type text not null,
            received_by uuid,
            decided_by uuid,
            decided_at timestamptz,
            decline_reason text,
            deal_id uuid
        );
        -- «Неразобранное» of a pipeline, newest first; the Inbox screen by status.
        create index ix_requests_new on inbox.requests (pipeline_id, received_at desc, id desc) where status = 'new';
        create index ix_requests_status on inbox.requests (status, received_at desc, id desc);

        create table inbox.pipelines (
            id uuid primary key,
            version int not null,
            name text not null,
            kind text not null,
            archived boolean not null,
            unsorted_stage_id uuid
        );

        create table inbox.users (
            id uuid primary key,
            version int not null,
            display_name text not null,
            active boolean not null
        );
        """);

    public override void Down() => Execute.Sql("drop table inbox.users; drop table inbox.pipelines; drop table inbox.requests;");
}
