using Crm.BuildingBlocks.Tables;
using FluentMigrator;

namespace Crm.Modules.Directory.Data;

/// <summary>
/// Tags on companies and contacts («Теги»): one catalog with a kind per list (BuildingBlocks Tables/Tags) and
/// each record's <c>tag_ids</c> with a GIN index, so the tables' <c>f.tags=in:…</c> is <c>tag_ids &amp;&amp; @ids</c>.
/// </summary>
[Migration(12, "Tags on companies and contacts")]
internal sealed class M0012_Tags : Migration
{
    public override void Up() => Execute.Sql(
        TagsSchema.Create("directory")
        + TagsSchema.AddTo("directory.companies", "ix_companies_tags")
        + TagsSchema.AddTo("directory.contacts", "ix_contacts_tags"));

    public override void Down() => Execute.Sql(
        TagsSchema.DropFrom("directory.contacts") + TagsSchema.DropFrom("directory.companies") + TagsSchema.Drop("directory"));
}
