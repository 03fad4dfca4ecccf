using Crm.BuildingBlocks.Tables;
using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// Tags on deals («Теги»): the catalog (BuildingBlocks Tables/Tags) and each deal's <c>tag_ids</c> with a
/// GIN index, so the table's <c>f.tags=in:…</c> is <c>tag_ids &amp;&amp; @ids</c> on the index.
/// </summary>
[Migration(18, "Tags on deals")]
internal sealed class M0018_Tags : Migration
{
    public override void Up() => Execute.Sql(TagsSchema.Create("deals") + TagsSchema.AddTo("deals.deals", "ix_deals_tags"));

    public override void Down() => Execute.Sql(TagsSchema.DropFrom("deals.deals") + TagsSchema.Drop("deals"));
}
