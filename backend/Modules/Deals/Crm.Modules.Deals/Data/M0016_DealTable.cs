using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// The deals table (ListDeals): a keyset index per common sort, each <c>(key, id)</c> over the deals
/// not deleted, so a page is one index range in either direction (a btree puts nulls last, and the
/// deals without a value are then walked as <c>key is null and id &gt; @id</c>, also a range):
/// updated (the default, also per pipeline), created, name (folded as the text filters fold it),
/// budget, next task due; stage and responsible are walked per stage or user by id. A GIN index on
/// the custom field values serves the custom "in" filters (containment). And the users' names in
/// Deals' copy, to sort by the responsible: the rows are set to version 0, so the first start
/// refills them from Identity's state (DealsModule.InitializeAsync).
/// </summary>
[Migration(16, "Keyset indexes of the deals table; users' names")]
internal sealed class M0016_DealTable : Migration
{
    public override void Up() => Execute.Sql("""
        create index ix_deals_table_updated on deals.deals (updated_at, id) where deleted_at is null;
        create index ix_deals_table_pipeline_updated on deals.deals (pipeline_id, updated_at, id) where deleted_at is null;
        create index ix_deals_table_created on deals.deals (created_at, id) where deleted_at is null;
        create index ix_deals_table_name on deals.deals ((translate(lower(name), 'ё', 'е')), id) where deleted_at is null;
        create index ix_deals_table_budget on deals.deals (budget, id) where deleted_at is null;
        create index ix_deals_table_next_task on deals.deals (next_task_due, id) where deleted_at is null;
        create index ix_deals_table_stage on deals.deals (stage_id, id) where deleted_at is null;
        create index ix_deals_table_responsible on deals.deals (responsible_id, id) where deleted_at is null;
        create index ix_deals_custom on deals.deals using gin (custom) where deleted_at is null;

        alter table deals.users add column name text not null default '';
        update deals.users set version = 0;
        """);

    public override void Down() => Execute.Sql("""
        alter table deals.users drop column name;
        drop index deals.ix_deals_custom;
        drop index deals.ix_deals_table_responsible;
        drop index deals.ix_deals_table_stage;
        drop index deals.ix_deals_table_next_task;
        drop index deals.ix_deals_table_budget;
        drop index deals.ix_deals_table_name;
        drop index deals.ix_deals_table_created;
        drop index deals.ix_deals_table_pipeline_updated;
        drop index deals.ix_deals_table_updated;
        """);
}
