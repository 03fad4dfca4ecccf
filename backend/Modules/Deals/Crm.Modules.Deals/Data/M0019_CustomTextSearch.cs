using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// A custom field «contains» filter of the deals table (<c>f.cf.&lt;id&gt;=~text</c>) gets its candidates from
/// an index, as the name's does from ix_deals_search. <c>deals.custom_text(custom)</c> is every custom
/// value as the filter reads it (<c>custom -&gt;&gt; id</c>: a string unquoted, a list as its JSON text),
/// folded (lower case, «ё» as «е»), one per line: a superset of any one field's folded text, so
/// "the whole text contains it" is a safe pre-filter the trigram index answers, and the exact
/// per-field condition is checked on the few rows it hands out. Without it the filter read every deal,
/// and the planner, with no estimate for the expression, chose a scan of the whole table for the page.
/// </summary>
[Migration(19, "Trigram index over the deals' custom text")]
internal sealed class M0019_CustomTextSearch : Migration
{
    public override void Up() => Execute.Sql("""
        create function deals.custom_text(custom jsonb) returns text
            language sql immutable parallel safe
            return (select coalesce(string_agg(translate(lower(v.value #>> '{}'), 'ё', 'е'), E'\n'), '') from jsonb_each(custom) v);
        create index ix_deals_custom_text on deals.deals using gin (deals.custom_text(custom) gin_trgm_ops) where deleted_at is null;
        """);

    public override void Down() => Execute.Sql("""
        drop index deals.ix_deals_custom_text;
        drop function deals.custom_text(jsonb);
        """);
}
