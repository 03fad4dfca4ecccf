using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Crm.BuildingBlocks.Data;

/// <summary>
/// Another module's record kept in this module's schema, fed by that module's events. A row is
/// written only when the event's version is newer than the kept one, so the order of delivery,
/// a repeat or a replay changes nothing, and a reopen or a deletion is just a newer state.
/// One mechanism for every copy, instead of per-module tombstone and version code.
/// </summary>
public static partial class VersionedCopy
{
    private static readonly ConcurrentDictionary<(string Table, Type Row), string> Statements = new();

    /// <summary>
    /// Inserts <paramref name="row"/> into <paramref name="table"/>, or replaces the kept row when
    /// <paramref name="row"/>'s version is newer.
    /// </summary>
    /// <param name="table">The copy, "schema.table", with primary key <c>id</c> and an int column <c>version</c>.</param>
    /// <param name="row">
    /// An object whose public properties are the columns in PascalCase (<c>Id</c>, <c>Version</c>, <c>StageKind</c>
    /// for <c>stage_kind</c>, ...); it must have <c>Id</c> and <c>Version</c>.
    /// </param>
    /// <returns>True when the copy was written (it was new, or older than <paramref name="row"/>).</returns>
    public static async Task<bool> UpsertIfNewerAsync(this NpgsqlConnection conn, string table, object row, CancellationToken ct)
    {
        var sql = Statements.GetOrAdd((table, row.GetType()), key => BuildUpsert(key.Table, key.Row));
        return await conn.ExecuteAsync(new CommandDefinition(sql, row, cancellationToken: ct)) == 1;
    }

    private static string BuildUpsert(string table, Type rowType)
    {
        if (!TableName().IsMatch(table))
        {
            throw new ArgumentException($"'{table}' is not a schema-qualified table name.", nameof(table));
        }
        var properties = rowType.GetProperties().Select(p => p.Name).ToList();
        if (!properties.Contains("Id") || !properties.Contains("Version"))
        {
            throw new ArgumentException($"A copy's row needs Id and Version ({rowType.Name} has {string.Join(", ", properties)}).", nameof(rowType));
        }
        var columns = properties.Select(SnakeCase).ToList();
        var sql = new StringBuilder()
            .Append("insert into ").Append(table).Append(" (").AppendJoin(", ", columns).Append(")\nvalues (")
            .AppendJoin(", ", properties.Select(p => "@" + p)).Append(")\non conflict (id) do update set ")
            .AppendJoin(", ", columns.Where(c => c != "id").Select(c => $"{c} = excluded.{c}"))
            .Append("\nwhere ").Append(table).Append(".version < excluded.version");
        return sql.ToString();
    }

    private static string SnakeCase(string name) => CapitalInside().Replace(name, "_$1").ToLowerInvariant();

    [GeneratedRegex("^[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*$")]
    private static partial Regex TableName();

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex CapitalInside();
}
