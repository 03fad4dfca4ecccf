using FluentMigrator;

namespace Crm.Modules.Directory.Data;

/// <summary>
/// The custom fields' values of companies and contacts become searchable as Deals' are (Deals M0019):
/// <c>directory.custom_text(custom)</c> is every custom value as a filter reads it (<c>custom -&gt;&gt; id</c>),
/// folded (lower case, «ё» as «е»), one per line, with a trigram index per table. The suggestions (the
/// top bar's global search, the pickers) find a record by it, and a «Списки» column filter on a custom
/// field's text takes its candidates from it instead of reading every record.
/// </summary>
[Migration(13, "Trigram indexes over the companies' and contacts' custom text")]
internal sealed class M0013_CustomTextSearch : Migration
{
    public override void Up() => Execute.Sql("""
        create function directory.custom_text(custom jsonb) returns text
            language sql immutable parallel safe
            return (select coalesce(string_agg(translate(lower(v.value #>> '{}'), 'ё', 'е'), E'\n'), '') from jsonb_each(custom) v);
        create index ix_companies_custom_text on directory.companies using gin (directory.custom_text(custom) gin_trgm_ops)
            where deleted_at is null;
        create index ix_contacts_custom_text on directory.contacts using gin (directory.custom_text(custom) gin_trgm_ops)
            where deleted_at is null;
        """);

    public override void Down() => Execute.Sql("""
        drop index directory.ix_contacts_custom_text;
        drop index directory.ix_companies_custom_text;
        drop function directory.custom_text(jsonb);
        """);
}
