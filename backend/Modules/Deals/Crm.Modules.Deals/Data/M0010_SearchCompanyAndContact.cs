using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// The folded search text (M0006) also holds the deal's company and main contact names, each on its
/// own line after the name and before "#N": a manager looks a deal up by its client as often as by
/// its own name, on the board and in the task dialog's «Привязать к». A match in the name still ranks
/// first there (it comes earlier in the text). The column is generated, so Directory's renames (which
/// update company_name / contact_name) keep it; the table is rewritten and the index rebuilt once.
/// And the picker's "nothing typed" (my most recently updated open deals) reads ten index entries
/// instead of all of the user's open deals.
/// </summary>
[Migration(10, "Search text with the company and main contact; my recent open deals")]
internal sealed class M0010_SearchCompanyAndContact : Migration
{
    public override void Up() => Execute.Sql("""
        drop index deals.ix_deals_search;
        alter table deals.deals drop column search;
        alter table deals.deals add column search text not null
            generated always as (
                translate(lower(name || E'\n' || coalesce(company_name, '') || E'\n' || coalesce(contact_name, '')), 'ё', 'е')
                || E'\n#' || number::text) stored;
        create index ix_deals_search on deals.deals using gin (pipeline_id, search gin_trgm_ops)
            where deleted_at is null;
        create index ix_deals_responsible_recent on deals.deals (responsible_id, updated_at desc, id desc)
            where deleted_at is null and closed_at is null;
        """);

    public override void Down() => Execute.Sql("""
        drop index deals.ix_deals_responsible_recent;
        drop index deals.ix_deals_search;
        alter table deals.deals drop column search;
        alter table deals.deals add column search text not null
            generated always as (translate(lower(name), 'ё', 'е') || E'\n#' || number::text) stored;
        create index ix_deals_search on deals.deals using gin (pipeline_id, search gin_trgm_ops)
            where deleted_at is null;
        """);
}
