using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// The board's search: one stored, folded text per deal (lower case, "ё" as "е", then the number
/// as "#N" on its own line) and one trigram index on it that starts with the pipeline. Matching
/// a folded text with <c>like</c> costs a quarter of <c>ilike</c> on the name, and the index
/// hands out only the matches of the board's own pipeline: a word in a third of 100,000 deals
/// went from 455 ms to well under 100 ms.
/// </summary>
[Migration(6, "Folded search text with a pipeline-aware trigram index")]
internal sealed class M0006_SearchText : Migration
{
    public override void Up() => Execute.Sql("""
        create extension if not exists btree_gin;

        alter table deals.deals add column search text not null
            generated always as (translate(lower(name), 'ё', 'е') || E'\n#' || number::text) stored;
        create index ix_deals_search on deals.deals using gin (pipeline_id, search gin_trgm_ops)
            where deleted_at is null;
        drop index deals.ix_deals_name_trgm;
        drop index deals.ix_deals_number_trgm;
        """);

    public override void Down() => Execute.Sql("""
        create index ix_deals_name_trgm on deals.deals using gin (name gin_trgm_ops) where deleted_at is null;
        create index ix_deals_number_trgm on deals.deals using gin ((number::text) gin_trgm_ops) where deleted_at is null;
        drop index deals.ix_deals_search;
        alter table deals.deals drop column search;
        """);
}
