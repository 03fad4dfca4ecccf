using System.Data;
using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.BuildingBlocks.Tables;

/// <summary>
/// Tags («Теги») users sort their records by: a short name with a colour of a fixed palette, in a catalog
/// per kind of record (deals; companies, contacts). Every module with tagged records has the catalog in its
/// own schema (<see cref="TagsSchema"/>), its records carry the ids they have (<c>tag_ids uuid[]</c>, a GIN
/// index for the filter <c>f.tags</c>), and it maps the catalog's routes under its own prefix with
/// <see cref="MapTags"/>; nothing crosses modules. The routes are in docs/tables-api.md ("Tags").
/// </summary>
public static class Tags
{
    public const int MaxName = 50;
    public const int MaxPerRecord = 20;
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>The palette: names the front end maps to its theme.</summary>
    public static readonly string[] Colours = ["grey", "red", "orange", "yellow", "green", "teal", "blue", "indigo", "purple", "pink"];

    /// <summary>
    /// A tag as the API shows it, in the catalog and on a record. <paramref name="Records"/>: how many live records
    /// carry it, only in a catalog list asked with <c>counts=true</c> (Settings → «Теги» says it before a deletion);
    /// left out of the JSON otherwise.
    /// </summary>
    public sealed record Tag(
        Guid Id, string Name, string Colour, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Records = null);

    /// <summary>A new tag; without a colour it gets one of the palette by its name.</summary>
    public sealed record NewTag(string? Kind, string? Name, string? Colour);

    public sealed record TagChange(string? Name, string? Colour);

    /// <summary>A record's tags after a change, with the record's version.</summary>
    public sealed record RecordTags(Guid Id, int Version, IReadOnlyList<Tag> Tags);

    /// <summary>
    /// A kind of tagged record and the table (of the module's own schema) whose <c>tag_ids</c> hold its tags; its
    /// deleted records have <c>deleted_at</c> set (they keep their tags but are not counted).
    /// </summary>
    public sealed record Kind(string Name, string RecordTable);

    /// <summary>
    /// Maps <c>/api/{module}/tags</c> (list with a search, create: any signed-in user) and
    /// <c>/api/{module}/tags/{id}</c> (rename or recolour, delete: an admin) over <c>{schema}.tags</c>.
    /// </summary>
    public static void MapTags(this IEndpointRouteBuilder app, string module, string schema, string apiTag, params Kind[] kinds)
    {
        var store = new Store(schema, kinds);
        var group = app.MapGroup($"/api/{module}/tags").WithTags(apiTag);
        group.MapGet("", (string? kind, string? q, int? limit, bool? counts, DbSession db, CancellationToken ct) =>
                store.ListAsync(db, kind, q, limit, counts ?? false, ct))
            .WithName($"ListTags_{module}")
            .WithSummary("The tags of a kind of record, A–Z, those whose name contains q (any case, «ё» = «е»); "
                + "with counts=true each says how many records carry it (records)")
            .Produces<IReadOnlyList<Tag>>().ProducesValidationProblem();
        group.MapPost("", async (NewTag body, DbSession db, CurrentUser user, CancellationToken ct) =>
            {
                var tag = await store.CreateAsync(db, user, body, ct);
                return Results.Created($"/api/{module}/tags/{tag.Id}", tag);
            })
            .WithName($"CreateTag_{module}")
            .WithSummary("Add a tag to the catalog (any user, from the tag picker); a name taken in any case is a 400")
            .Produces<Tag>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapPut("/{id:guid}", async (Guid id, TagChange body, DbSession db, CurrentUser user, CancellationToken ct) =>
                Results.Ok(await store.UpdateAsync(db, user, id, body, ct)))
            .WithName($"UpdateTag_{module}")
            .WithSummary("Rename or recolour a tag (an admin)")
            .Produces<Tag>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}", async (Guid id, DbSession db, CurrentUser user, CancellationToken ct) =>
            {
                await store.DeleteAsync(db, user, id, ct);
                return Results.NoContent();
            })
            .WithName($"DeleteTag_{module}")
            .WithSummary("Delete a tag (an admin): it leaves every record that had it")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>A tag's name as it is compared: trimmed, lower case, «ё» read as «е».</summary>
    public static string Fold(string name) => name.Trim().ToLowerInvariant().Replace('ё', 'е');

    /// <summary>
    /// The tag ids a record is given, checked: at most <see cref="MaxPerRecord"/>, each a tag of the kind
    /// in <c>{schema}.tags</c> (else a 400 on <paramref name="field"/>); doubles dropped, the order kept.
    /// </summary>
    public static async Task<Guid[]> CheckAsync(IDbConnection conn, string schema, string kind, IReadOnlyList<Guid>? ids, string field = "tagIds")
    {
        if (ids is null)
        {
            throw new FieldValidationException(field, T.Pick("Укажите теги (пустой список снимает все)", "Give the tags (an empty list removes them all)"));
        }
        var distinct = ids.Distinct().ToArray();
        if (distinct.Length > MaxPerRecord)
        {
            throw new FieldValidationException(field, T.Pick($"Не больше {MaxPerRecord} тегов", $"At most {MaxPerRecord} tags"));
        }
        if (distinct.Length == 0)
        {
            return distinct;
        }
        var known = await conn.ExecuteScalarAsync<int>(
            $"select count(*) from {schema}.tags where kind = @Kind and id = any(@Ids)", new { Kind = kind, Ids = distinct });
        return known == distinct.Length
            ? distinct
            : throw new FieldValidationException(field, T.Pick("Такого тега нет: обновите страницу", "There is no such tag: reload the page"));
    }

    /// <summary>
    /// The tags of two records made one (a merge): <paramref name="first"/>'s in their order, then those of
    /// <paramref name="second"/> not among them, in theirs, cut at <see cref="MaxPerRecord"/>.
    /// </summary>
    public static Guid[] Union(IEnumerable<Guid> first, IEnumerable<Guid> second) => first.Union(second).Take(MaxPerRecord).ToArray();

    /// <summary>The tags of the records <paramref name="ids"/> of <paramref name="recordTable"/>, in each record's order (records without: left out).</summary>
    public static async Task<Dictionary<Guid, IReadOnlyList<Tag>>> OfRecordsAsync(
        IDbConnection conn, string schema, string recordTable, IReadOnlyCollection<Guid> ids)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var rows = await conn.QueryAsync<RecordTag>(
            $"""
            select r.id as RecordId, t.id as Id, t.name as Name, t.colour as Colour
            from {recordTable} r
            cross join lateral unnest(r.tag_ids) with ordinality u(tag_id, n)
            join {schema}.tags t on t.id = u.tag_id
            where r.id = any(@Ids) and cardinality(r.tag_ids) > 0
            order by r.id, u.n
            """,
            new { Ids = ids.Distinct().ToArray() });
        return rows.GroupBy(r => r.RecordId).ToDictionary(g => g.Key, g => (IReadOnlyList<Tag>)g.Select(r => new Tag(r.Id, r.Name, r.Colour)).ToList());
    }

    /// <summary>The tags of one record.</summary>
    public static async Task<IReadOnlyList<Tag>> OfRecordAsync(IDbConnection conn, string schema, string recordTable, Guid id) =>
        (await OfRecordsAsync(conn, schema, recordTable, [id])).GetValueOrDefault(id) ?? [];

    /// <summary>An export's «Теги» cell: the names joined with ", " (none: null).</summary>
    public static string? Cell(IReadOnlyDictionary<Guid, IReadOnlyList<Tag>> tags, Guid id) =>
        tags.TryGetValue(id, out var list) ? string.Join(", ", list.Select(t => t.Name)) : null;

    /// <summary>
    /// The names of an import's «Теги» cell, separated by «,» or «;» (<see cref="Cell"/> writes them joined with ", "):
    /// trimmed, blanks dropped, each once by its folded name, in the cell's order.
    /// </summary>
    public static IReadOnlyList<string> NamesOf(string cell) =>
        cell.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).DistinctBy(Fold).ToList();

    /// <summary>
    /// The tags of a kind named <paramref name="names"/> (an import's batch), by folded name: each the catalog's tag of
    /// that name in any case, else added to it (the colour by its name, <paramref name="by"/>'s). The names are
    /// checked (1 to <see cref="MaxName"/> characters) by the caller. Two statements whatever their number.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, Guid>> EnsureAsync(
        IDbConnection conn, string schema, string kind, IReadOnlyCollection<string> names, Guid by)
    {
        var named = names.Select(n => n.Trim()).DistinctBy(Fold).ToList();
        if (named.Count == 0)
        {
            return new Dictionary<string, Guid>();
        }
        var keys = named.Select(Fold).ToArray();
        // A tag of the name added meanwhile by someone else: the insert waits for it, skips it, and the select finds it.
        await conn.ExecuteAsync(
            $"""
            insert into {schema}.tags (id, kind, name, key, colour, created_by, created_at)
            select t.id, @Kind, t.name, t.key, t.colour, @By, now() from unnest(@Ids, @Names, @Keys, @Colours) as t(id, name, key, colour)
            on conflict (kind, key) do nothing
            """,
            new
            {
                Kind = kind, By = by, Ids = named.Select(_ => Guid.CreateVersion7()).ToArray(), Names = named.ToArray(), Keys = keys,
                Colours = named.Select(ColourOf).ToArray(),
            });
        return (await conn.QueryAsync<(string Key, Guid Id)>(
            $"select key, id from {schema}.tags where kind = @Kind and key = any(@Keys)", new { Kind = kind, Keys = keys }))
            .ToDictionary(t => t.Key, t => t.Id);
    }

    /// <summary>A colour of the palette picked by the name (the same name, the same colour).</summary>
    private static string ColourOf(string name)
    {
        var hash = 0u;
        foreach (var c in Fold(name))
        {
            hash = unchecked((hash * 31) + c);
        }
        return Colours[(int)(hash % (uint)Colours.Length)];
    }

    private sealed record RecordTag(Guid RecordId, Guid Id, string Name, string Colour);

    private sealed record Row(Guid Id, string Kind, string Name, string Colour);

    /// <summary>The SQL behind the routes; schema and tables come from the module, never from the request.</summary>
    private sealed class Store(string schema, IReadOnlyList<Kind> kinds)
    {
        private const string Columns = "id as Id, kind as Kind, name as Name, colour as Colour";

        public async Task<IReadOnlyList<Tag>> ListAsync(DbSession db, string? kind, string? q, int? limit, bool counts, CancellationToken ct)
        {
            var known = KnownKind(kind);
            var size = limit ?? DefaultLimit;
            if (size is < 1 or > MaxLimit)
            {
                throw new FieldValidationException("limit", T.Pick($"limit: от 1 до {MaxLimit}", $"limit must be 1 to {MaxLimit}"));
            }
            var folded = Fold(q ?? "");
            var conn = await db.ConnectionAsync(ct);
            var rows = await conn.QueryAsync<Row>(new CommandDefinition(
                folded.Length == 0
                    ? $"select {Columns} from {schema}.tags where kind = @Kind order by key, id limit @Limit"
                    : $"select {Columns} from {schema}.tags where kind = @Kind and key like @Pattern order by key, id limit @Limit",
                new { Kind = known.Name, Pattern = $"%{ColumnFilters.EscapeLike(folded)}%", Limit = size }, cancellationToken: ct));
            if (!counts)
            {
                return rows.Select(r => new Tag(r.Id, r.Name, r.Colour)).ToList();
            }
            var ids = rows.Select(r => r.Id).ToArray();
            var used = await CountAsync(conn, known.RecordTable, ids, ct);
            return rows.Select(r => new Tag(r.Id, r.Name, r.Colour, used.GetValueOrDefault(r.Id))).ToList();
        }

        /// <summary>
        /// How many live records carry each of the tags <paramref name="ids"/>, in one pass: the GIN index on
        /// <c>tag_ids</c> finds the records with any of them and each is read once, however many of them it has;
        /// the cost follows the records tagged, not the catalog. Only the admin screen asks (the picker does not).
        /// </summary>
        private static async Task<Dictionary<Guid, int>> CountAsync(Npgsql.NpgsqlConnection conn, string table, Guid[] ids, CancellationToken ct)
        {
            if (ids.Length == 0)
            {
                return [];
            }
            var counted = await conn.QueryAsync<(Guid Id, int Records)>(new CommandDefinition(
                $"""
                select u.tag_id, count(*)::int
                from {table} r cross join lateral unnest(r.tag_ids) u(tag_id)
                where r.tag_ids && @Ids and r.deleted_at is null and u.tag_id = any(@Ids)
                group by u.tag_id
                """,
                new { Ids = ids }, cancellationToken: ct));
            return counted.ToDictionary(c => c.Id, c => c.Records);
        }

        public async Task<Tag> CreateAsync(DbSession db, CurrentUser user, NewTag body, CancellationToken ct)
        {
            var kind = KnownKind(body.Kind);
            var name = CheckedName(body.Name);
            var colour = body.Colour is null ? ColourOf(name) : CheckedColour(body.Colour);
            var conn = await db.ConnectionAsync(ct);
            var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"""
                insert into {schema}.tags (id, kind, name, key, colour, created_by, created_at)
                values (@Id, @Kind, @Name, @Key, @Colour, @User, now())
                on conflict (kind, key) do nothing
                returning {Columns}
                """,
                new { Id = Guid.CreateVersion7(), Kind = kind.Name, Name = name, Key = Fold(name), Colour = colour, User = user.Id },
                cancellationToken: ct));
            return row is null ? throw NameTaken() : new Tag(row.Id, row.Name, row.Colour);
        }

        public async Task<Tag> UpdateAsync(DbSession db, CurrentUser user, Guid id, TagChange body, CancellationToken ct)
        {
            MustBeAdmin(user);
            var name = CheckedName(body.Name);
            var colour = CheckedColour(body.Colour);
            var conn = await db.ConnectionAsync(ct);
            var current = await FindAsync(conn, id, ct);
            var taken = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                $"select exists (select 1 from {schema}.tags where kind = @Kind and key = @Key and id <> @Id)",
                new { current.Kind, Key = Fold(name), Id = id }, cancellationToken: ct));
            if (taken)
            {
                throw NameTaken();
            }
            var row = await conn.QuerySingleAsync<Row>(new CommandDefinition(
                $"update {schema}.tags set name = @Name, key = @Key, colour = @Colour where id = @Id returning {Columns}",
                new { Id = id, Name = name, Key = Fold(name), Colour = colour }, cancellationToken: ct));
            return new Tag(row.Id, row.Name, row.Colour);
        }

        public async Task DeleteAsync(DbSession db, CurrentUser user, Guid id, CancellationToken ct)
        {
            MustBeAdmin(user);
            var conn = await db.ConnectionAsync(ct);
            var tag = await FindAsync(conn, id, ct);
            var table = kinds.First(k => k.Name == tag.Kind).RecordTable;
            // One statement: the tag goes, and so does its id from the records (through their GIN index); the
            // records' versions stay, their next state simply no longer carries it.
            await conn.ExecuteAsync(new CommandDefinition(
                $"""
                with gone as (delete from {schema}.tags where id = @Id returning id)
                update {table} set tag_ids = array_remove(tag_ids, @Id)
                where tag_ids @> array[@Id]::uuid[] and exists (select 1 from gone)
                """,
                new { Id = id }, cancellationToken: ct));
        }

        private async Task<Row> FindAsync(Npgsql.NpgsqlConnection conn, Guid id, CancellationToken ct) =>
            await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"select {Columns} from {schema}.tags where id = @Id for update", new { Id = id }, cancellationToken: ct))
            ?? throw new NotFoundException(T.Pick("Тег не найден", "The tag was not found"));

        private Kind KnownKind(string? kind) =>
            kind is null && kinds.Count == 1
                ? kinds[0]
                : kinds.FirstOrDefault(k => k.Name == kind) ?? throw new FieldValidationException("kind", T.Pick(
                    $"Вид записей: {string.Join(", ", kinds.Select(k => k.Name))}", $"The kind is one of {string.Join(", ", kinds.Select(k => k.Name))}"));

        private static string CheckedName(string? name)
        {
            var trimmed = name?.Trim() ?? "";
            return trimmed.Length is 0 or > MaxName
                ? throw new FieldValidationException("name", T.Pick($"Тег: от 1 до {MaxName} символов", $"A tag is 1 to {MaxName} characters"))
                : trimmed;
        }

        private static string CheckedColour(string? colour) =>
            colour is not null && Colours.Contains(colour)
                ? colour
                : throw new FieldValidationException("colour", T.Pick(
                    $"Цвет: один из {string.Join(", ", Colours)}", $"The colour is one of {string.Join(", ", Colours)}"));

        private static void MustBeAdmin(CurrentUser user)
        {
            if (!user.IsAdmin)
            {
                throw new ForbiddenException(T.Pick(
                    "Переименовать, перекрасить или удалить тег может администратор", "Only an admin renames, recolours or deletes a tag"));
            }
        }

        private static FieldValidationException NameTaken() =>
            new("name", T.Pick("Такой тег уже есть", "A tag of this name exists"));
    }
}
