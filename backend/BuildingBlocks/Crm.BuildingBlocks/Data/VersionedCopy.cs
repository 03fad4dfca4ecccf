using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json;
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
    private static readonly ConcurrentDictionary<(string Table, Type Row, bool Many), string> Statements = new();

    private static readonly ConcurrentDictionary<Type, RowShape> Shapes = new();

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
        var sql = Statements.GetOrAdd((table, row.GetType(), false), static key => BuildUpsert(key.Table, RowShape.Of(key.Row), key.Many));
        return await conn.ExecuteAsync(new CommandDefinition(sql, row, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// <see cref="UpsertIfNewerAsync"/> for several rows in one statement (the records of a batch): each written when it
    /// is new or newer than the kept row; of rows with the same id, the newest. The rows travel as one JSON array read as
    /// the table's own row type (<c>jsonb_populate_recordset</c>), so every column keeps its type.
    /// </summary>
    /// <returns>How many rows were written.</returns>
    public static async Task<int> UpsertAllIfNewerAsync<TRow>(this NpgsqlConnection conn, string table, IEnumerable<TRow> rows, CancellationToken ct)
        where TRow : notnull
    {
        var shape = RowShape.Of(typeof(TRow));
        var sql = Statements.GetOrAdd((table, typeof(TRow), true), static (key, shape) => BuildUpsert(key.Table, shape, key.Many), shape);
        var newest = rows.GroupBy(r => shape.Id.GetValue(r)).Select(g => g.MaxBy(r => (int)shape.Version.GetValue(r)!)!).ToList();
        if (newest.Count == 0)
        {
            return 0;
        }
        return await conn.ExecuteAsync(new CommandDefinition(sql, new { Rows = shape.Json(newest) }, cancellationToken: ct));
    }

    /// <param name="many">The rows from the JSON array <c>@Rows</c>, else the one row's parameters.</param>
    private static string BuildUpsert(string table, RowShape shape, bool many)
    {
        if (!TableName().IsMatch(table))
        {
            throw new ArgumentException($"'{table}' is not a schema-qualified table name.", nameof(table));
        }
        var columns = shape.Columns;
        var sql = new StringBuilder().Append("insert into ").Append(table).Append(" (").AppendJoin(", ", columns).Append(')');
        if (many)
        {
            sql.Append("\nselect ").AppendJoin(", ", columns).Append(" from jsonb_populate_recordset(null::").Append(table).Append(", @Rows::jsonb)");
        }
        else
        {
            sql.Append("\nvalues (").AppendJoin(", ", shape.Properties.Select(p => "@" + p.Name)).Append(')');
        }
        sql.Append("\non conflict (id) do update set ")
            .AppendJoin(", ", columns.Where(c => c != "id").Select(c => $"{c} = excluded.{c}"))
            .Append("\nwhere ").Append(table).Append(".version < excluded.version");
        return sql.ToString();
    }

    /// <summary>
    /// A row type as a copy's columns, read by reflection once per type (as its statements are built once): its
    /// properties, their column names, and its <c>Id</c> and <c>Version</c>.
    /// </summary>
    private sealed class RowShape
    {
        private readonly JsonEncodedText[] names;

        private RowShape(Type rowType)
        {
            Properties = rowType.GetProperties();
            Id = Properties.FirstOrDefault(p => p.Name == "Id")!;
            Version = Properties.FirstOrDefault(p => p.Name == "Version")!;
            if (Id is null || Version is null)
            {
                throw new ArgumentException(
                    $"A copy's row needs Id and Version ({rowType.Name} has {string.Join(", ", Properties.Select(p => p.Name))}).", nameof(rowType));
            }
            Columns = [.. Properties.Select(p => SnakeCase(p.Name))];
            names = [.. Columns.Select(c => JsonEncodedText.Encode(c))];
        }

        public PropertyInfo[] Properties { get; }

        /// <summary>The columns of <see cref="Properties"/>, in their order: <c>StageKind</c> is <c>stage_kind</c>.</summary>
        public string[] Columns { get; }

        public PropertyInfo Id { get; }

        public PropertyInfo Version { get; }

        public static RowShape Of(Type rowType) => Shapes.GetOrAdd(rowType, t => new RowShape(t));

        /// <summary>The rows as a JSON array of objects keyed by column, each value as its own type writes it.</summary>
        public string Json<TRow>(IEnumerable<TRow> rows)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartArray();
                foreach (var row in rows)
                {
                    json.WriteStartObject();
                    for (var i = 0; i < Properties.Length; i++)
                    {
                        json.WritePropertyName(names[i]);
                        var value = Properties[i].GetValue(row);
                        JsonSerializer.Serialize(json, value, value?.GetType() ?? typeof(object));
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }

    private static string SnakeCase(string name) => CapitalInside().Replace(name, "_$1").ToLowerInvariant();

    [GeneratedRegex("^[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*$")]
    private static partial Regex TableName();

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex CapitalInside();
}
