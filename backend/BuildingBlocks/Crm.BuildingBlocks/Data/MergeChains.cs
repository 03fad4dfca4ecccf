using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Crm.BuildingBlocks.Data;

/// <summary>
/// Merges in a copy of another module's records (Deals' and Tasks' copies of Directory's companies and
/// contacts): a record merged into a survivor may see that survivor merged into another later, and a
/// consumer may hear of the two merges in either order, or again. The copy remembers where each merged
/// record went (<c>merged_into</c>), so following the chain from a survivor finds where the merged
/// record's links belong now, whatever the order.
/// </summary>
public static partial class MergeChains
{
    /// <summary>
    /// The last record of a chain the copy knows of: live; or deleted (<paramref name="MergedInto"/> set when it
    /// was merged into one the copy has not heard of yet).
    /// </summary>
    public sealed record End(Guid Id, string Name, bool Deleted, Guid? MergedInto);

    /// <summary>
    /// A merge in the copy: what was merged into <paramref name="mergedId"/> before now points at
    /// <paramref name="survivorId"/>, and the end of the survivor's own merges is read.
    /// </summary>
    /// <param name="table">The copy, "schema.table", with columns <c>id</c>, <c>name</c>, <c>deleted</c>, <c>merged_into</c>.</param>
    /// <returns>The end of the chain from the survivor; null when the copy has not heard of the survivor yet.</returns>
    public static async Task<End?> FollowAsync(NpgsqlConnection conn, string table, Guid mergedId, Guid survivorId)
    {
        if (!TableName().IsMatch(table))
        {
            throw new ArgumentException($"'{table}' is not a schema-qualified table name.", nameof(table));
        }
        await conn.ExecuteAsync($"update {table} set merged_into = @survivorId where merged_into = @mergedId", new { mergedId, survivorId });
        return await conn.QuerySingleOrDefaultAsync<End>(
            $"""
            with recursive chain (id, name, deleted, merged_into, depth) as (
                select id, name, deleted, merged_into, 0 from {table} where id = @survivorId
                union all
                select c.id, c.name, c.deleted, c.merged_into, chain.depth + 1
                from {table} c join chain on c.id = chain.merged_into
                where chain.depth < 50
            )
            select id as Id, name as Name, deleted as Deleted, merged_into as MergedInto
            from chain order by depth desc limit 1
            """,
            new { survivorId });
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*$")]
    private static partial Regex TableName();
}
