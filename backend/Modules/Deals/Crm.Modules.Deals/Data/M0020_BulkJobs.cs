using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// Bulk changes of "all that the filter selects" run as background jobs: the deals the filter selected
/// when the user confirmed (their ids, so the count confirmed is the count changed), the change asked
/// (BulkChangeDeals' command without its ids), who asked it, as what role and in which language (of the
/// refusals' reasons), and the progress and report, committed after each chunk so a restarted worker
/// goes on from there.
/// </summary>
[Migration(20, "Bulk change jobs")]
internal sealed class M0020_BulkJobs : Migration
{
    public override void Up() => Execute.Sql("""
        create table deals.bulk_jobs (
            id uuid primary key,
            created_by uuid not null,
            role text not null,
            language text not null,
            command jsonb not null,
            deal_ids uuid[] not null,
            status text not null default 'queued',
            processed int not null default 0,
            changed int not null default 0,
            unchanged int not null default 0,
            refused jsonb not null default '[]',
            cancel_requested boolean not null default false,
            lease_until timestamptz,
            failure text,
            created_at timestamptz not null,
            updated_at timestamptz not null,
            finished_at timestamptz
        );
        create index ix_bulk_jobs_waiting on deals.bulk_jobs (created_at) where status in ('queued', 'running');
        """);

    public override void Down() => Execute.Sql("drop table deals.bulk_jobs;");
}
