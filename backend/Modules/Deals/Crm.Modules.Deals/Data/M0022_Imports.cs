using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// Imports of deals from a file, as Directory's (its M0011): the upload, the pipeline it goes into and its
/// progress (<c>imports</c>: the rows done and what became of them, written in the same transaction as the deals
/// of each batch, so a restarted worker resumes where the last commit left off), the rows refused with their
/// reasons (<c>import_rejects</c>, the report), and each user's last column mapping (<c>import_mappings</c>).
/// The users' copy keeps their e-mail (a row names its responsible by name or e-mail): the copy is filled
/// again from Identity's state (version 0, as M0016 did).
/// </summary>
[Migration(22, "Imports of deals")]
internal sealed class M0022_Imports : Migration
{
    public override void Up() => Execute.Sql("""
        create table deals.imports (
            id uuid primary key,
            pipeline_id uuid not null,
            file_name text not null,
            content bytea,
            encoding text,
            mapping jsonb not null,
            status text not null check (status in ('queued', 'running', 'done', 'cancelled', 'failed')),
            total_rows int not null,
            processed_rows int not null default 0,
            created_count int not null default 0,
            rejected_count int not null default 0,
            failure text,
            cancel_requested boolean not null default false,
            lease_until timestamptz,
            created_by uuid not null,
            supervisor boolean not null,
            language text not null,
            created_at timestamptz not null,
            updated_at timestamptz not null,
            finished_at timestamptz
        );
        create index ix_imports_pending on deals.imports (created_at) where status in ('queued', 'running');

        create table deals.import_rejects (
            import_id uuid not null references deals.imports (id) on delete cascade,
            row_number int not null,
            reason text not null,
            cells jsonb not null,
            primary key (import_id, row_number)
        );

        create table deals.import_mappings (
            user_id uuid primary key,
            mapping jsonb not null,
            updated_at timestamptz not null
        );

        alter table deals.users add column email text not null default '';
        update deals.users set version = 0;
        """);

    public override void Down() => Execute.Sql("""
        alter table deals.users drop column email;
        drop table deals.import_mappings;
        drop table deals.import_rejects;
        drop table deals.imports;
        """);
}
