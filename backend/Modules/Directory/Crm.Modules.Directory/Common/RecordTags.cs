using System.Data;
using Crm.BuildingBlocks.Tables;
using Dapper;

namespace Crm.Modules.Directory.Common;

/// <summary>
/// The tags of companies and contacts: Directory's own catalog (directory.tags, a kind per list) and each
/// record's <c>tag_ids</c> (BuildingBlocks Tables/Tags).
/// </summary>
internal static class RecordTags
{
    /// <summary>The kinds of the catalog: the entity names, each with the table its records are in.</summary>
    public static readonly Tags.Kind[] Kinds = [new(Entities.Company, "directory.companies"), new(Entities.Contact, "directory.contacts")];

    public static string TableOf(string entity) => Kinds.First(k => k.Name == entity).RecordTable;

    /// <summary>The tags of the records of an entity, in each record's order (records without: left out).</summary>
    public static Task<Dictionary<Guid, IReadOnlyList<Tags.Tag>>> OfAsync(IDbConnection conn, string entity, IReadOnlyCollection<Guid> ids) =>
        Tags.OfRecordsAsync(conn, "directory", TableOf(entity), ids);

    public static Task<IReadOnlyList<Tags.Tag>> OfAsync(IDbConnection conn, string entity, Guid id) =>
        Tags.OfRecordAsync(conn, "directory", TableOf(entity), id);

    /// <summary>
    /// A merge loses no tags: the survivor keeps its own and takes the merged record's it lacks (<see cref="Tags.Union"/>,
    /// at most <see cref="Tags.MaxPerRecord"/>). The caller has locked both rows and raises the survivor's version.
    /// </summary>
    public static async Task MergeAsync(IDbConnection conn, string entity, Guid survivorId, Guid mergedId)
    {
        var table = TableOf(entity);
        var rows = (await conn.QueryAsync<(Guid Id, Guid[] TagIds)>(
            $"select id, tag_ids from {table} where id = any(@Ids)", new { Ids = new[] { survivorId, mergedId } })).ToDictionary(r => r.Id, r => r.TagIds);
        var union = Tags.Union(rows[survivorId], rows[mergedId]);
        if (union.Length > rows[survivorId].Length)
        {
            await conn.ExecuteAsync($"update {table} set tag_ids = @TagIds where id = @Id", new { Id = survivorId, TagIds = union });
        }
    }

    /// <summary>The ids given, checked against the entity's tags (400 on <c>tagIds</c>).</summary>
    public static Task<Guid[]> CheckAsync(IDbConnection conn, string entity, IReadOnlyList<Guid>? ids) => Tags.CheckAsync(conn, "directory", entity, ids);
}
