using FluentMigrator;

namespace Crm.Modules.Directory.Data;

/// <summary>
/// The ready filters "компании без сделок и задач" and "контакты без задач" read a flag on the record:
/// <c>idle</c> is true while its company_facts / contact_facts row is missing or all zero, written
/// with those counts (OpenCounts); a partial index holds only the idle records in name order (the
/// filter's pages walk it, and with a search its total is counted on it), and <c>idle_totals</c>
/// keeps the total without a search (figures in docs/directory-api.md). And the facts that can no longer matter are removed (FactsCleanupJob):
/// <c>task_facts.closed_at</c> and <c>deal_facts.deleted_at</c> say when they became final; facts
/// closed or deleted before this migration count from now.
/// Backfill: the facts are built from Tasks' and Deals' events only; the three modules shipped
/// together, so there is no deal or task Directory has not heard of.
/// </summary>
[Migration(4, "Idle flag on companies and contacts; when task and deal facts became final")]
internal sealed class M0004_IdleAndFactCleanup : Migration
{
    public override void Up() => Execute.Sql("""
        alter table directory.companies add column idle boolean not null default true;
        update directory.companies c set idle = false
        from directory.company_facts f where f.company_id = c.id and (f.open_deal_count <> 0 or f.open_task_count <> 0);
        create index ix_companies_idle on directory.companies (name_key, id) where deleted_at is null and idle;

        alter table directory.contacts add column idle boolean not null default true;
        update directory.contacts c set idle = false
        from directory.contact_facts f where f.contact_id = c.id and f.open_task_count <> 0;
        create index ix_contacts_idle on directory.contacts (name_key, id) where deleted_at is null and idle;

        -- the filters' totals without a search: how many live records are idle, kept by a trigger in
        -- the same transaction as each change (increments commute; the row is locked last, after the
        -- record, so concurrent changes queue on it and never wait in a circle)
        create table directory.idle_totals (list text primary key, count bigint not null);
        insert into directory.idle_totals (list, count)
        select 'companies', count(*) from directory.companies where deleted_at is null and idle
        union all
        select 'contacts', count(*) from directory.contacts where deleted_at is null and idle;
        create function directory.keep_idle_total() returns trigger language plpgsql as $fn$
        declare
            was int := case when tg_op in ('UPDATE', 'DELETE') and old.deleted_at is null and old.idle then 1 else 0 end;
            is_now int := case when tg_op in ('INSERT', 'UPDATE') and new.deleted_at is null and new.idle then 1 else 0 end;
        begin
            if was <> is_now then
                update directory.idle_totals set count = count + (is_now - was) where list = tg_table_name;
            end if;
            return null;
        end
        $fn$;
        create trigger keep_idle_total after insert or delete or update of idle, deleted_at on directory.companies
        for each row execute function directory.keep_idle_total();
        create trigger keep_idle_total after insert or delete or update of idle, deleted_at on directory.contacts
        for each row execute function directory.keep_idle_total();

        alter table directory.task_facts add column closed_at timestamptz;
        update directory.task_facts set closed_at = now() where closed;
        create index ix_task_facts_closed on directory.task_facts (closed_at) where closed;

        alter table directory.deal_facts add column deleted_at timestamptz;
        update directory.deal_facts set deleted_at = now() where deleted;
        create index ix_deal_facts_deleted on directory.deal_facts (deleted_at) where deleted;
        """);

    public override void Down() => Execute.Sql("""
        drop index directory.ix_deal_facts_deleted;
        alter table directory.deal_facts drop column deleted_at;
        drop index directory.ix_task_facts_closed;
        alter table directory.task_facts drop column closed_at;
        drop trigger keep_idle_total on directory.contacts;
        drop trigger keep_idle_total on directory.companies;
        drop function directory.keep_idle_total();
        drop table directory.idle_totals;
        drop index directory.ix_contacts_idle;
        alter table directory.contacts drop column idle;
        drop index directory.ix_companies_idle;
        alter table directory.companies drop column idle;
        """);
}
