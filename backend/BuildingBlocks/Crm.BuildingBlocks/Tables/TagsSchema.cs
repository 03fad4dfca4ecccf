namespace Crm.BuildingBlocks.Tables;

/// <summary>
/// The catalog behind <see cref="Tags"/>, created in a module's schema by that module's migration
/// (<c>Execute.Sql(TagsSchema.Create("deals"))</c>), and a record table's <c>tag_ids</c> with the GIN
/// index that serves <c>f.tags</c> (<c>tag_ids &amp;&amp; @ids</c>, <c>@&gt;</c> when a tag is deleted).
/// </summary>
public static class TagsSchema
{
    /// <summary>Tags unique per kind by their folded name (<see cref="Tags.Fold"/>).</summary>
    public static string Create(string schema) => $"""
        create table {schema}.tags (
            id uuid primary key,
            kind text not null,
            name text not null,
            key text not null,
            colour text not null,
            created_by uuid not null,
            created_at timestamptz not null
        );
        create unique index ux_tags_key on {schema}.tags (kind, key);
        """;

    /// <summary>The tags a record has, in the order given; an empty array when none.</summary>
    public static string AddTo(string table, string index) =>
        $"alter table {table} add column tag_ids uuid[] not null default array[]::uuid[];\n"
        + $"create index {index} on {table} using gin (tag_ids);\n";

    public static string DropFrom(string table) => $"alter table {table} drop column tag_ids;";

    public static string Drop(string schema) => $"drop table {schema}.tags;";
}
