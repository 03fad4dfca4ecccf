using FluentMigrator;

namespace Crm.Modules.Directory.Data;

/// <summary>
/// Imports of companies and contacts from a file: the upload and its progress (<c>imports</c>: the rows done,
/// what became of them, written in the same transaction as the records of each batch, so a restarted worker
/// resumes where the last commit left off), the rows refused with their reasons (<c>import_rejects</c>, the
/// report), and each user's last column mapping per list (<c>import_mappings</c>, offered for the next file).
/// </summary>
[Migration(11, "Imports of companies and contacts")]
internal sealed class M0011_Imports : Migration
{
    public override void Up() => Execute.Sql("""
        create table directory.imports (
            id uuid primary key,
            list text not null check (list in ('companies', 'contacts')),
            file_name text not null,
            content bytea,
            encoding text,
            mapping jsonb not null,
            duplicates text not null check (duplicates in ('skip', 'update', 'create')),
            status text not null check (status in ('queued', 'running', 'done', 'cancelled', 'failed')),
            total_rows int not null,
            processed_rows int not null default 0,
            created_count int not null default 0,
            updated_count int not null default 0,
            skipped_count int not null default 0,
            rejected_count int not null default 0,
            failure text,
            cancel_requested boolean not null default false,
            lease_until timestamptz,
            created_by uuid not null,
            supervisor boolean not null,
            created_at timestamptz not null,
            updated_at timestamptz not null,
            finished_at timestamptz
        );
        create index ix_imports_pending on directory.imports (created_at) where status in ('queued', 'running');
        create index ix_imports_user on directory.imports (created_by, created_at desc);

        create table directory.import_rejects (
            import_id uuid not null references directory.imports (id) on delete cascade,
            row_number int not null,
            reason text not null,
            cells jsonb not null,
            primary key (import_id, row_number)
        );

        create table directory.import_mappings (
            user_id uuid not null,
            list text not null,
            mapping jsonb not null,
            updated_at timestamptz not null,
            primary key (user_id, list)
        );
        """);

    public override void Down() => Execute.Sql("""
        drop table directory.import_mappings;
        drop table directory.import_rejects;
        drop table directory.imports;
        """);
}
