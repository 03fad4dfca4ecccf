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
/// What a user keeps of a module's tables: named views («Сохранённые фильтры»: a table's URL query, the
/// user's own or shared by an admin with everyone) and the columns the user chose per table. Every
/// module with tables has the same two tables in its own schema (<see cref="TableViewsSchema"/>) and
/// maps the same routes under its own prefix with <see cref="MapTableViews"/>, so a module's saved
/// views stay in that module. The routes are in docs/tables-api.md.
/// </summary>
public static class TableViews
{
    public const int MaxName = 100;
    public const int MaxQuery = 4000;
    public const int MaxColumns = 100;
    public const int MaxColumn = 100;

    /// <summary>A saved view as the API shows it; <c>Mine</c>: the caller owns it.</summary>
    public sealed record SavedFilter(Guid Id, string Table, string Name, string Query, bool Shared, Guid OwnerId, bool Mine);

    public sealed record NewSavedFilter(string? Table, string? Name, string? Query, bool Shared);

    public sealed record SavedFilterChange(string? Name, string? Query, bool Shared);

    /// <summary>The columns a user chose for a table; null when they never chose.</summary>
    public sealed record ColumnChoice(IReadOnlyList<string>? Columns);

    public sealed record ColumnChange(IReadOnlyList<string>? Columns);

    /// <summary>
    /// Maps <c>/api/{module}/saved-filters</c> and <c>/api/{module}/table-columns/{table}</c> over
    /// <c>{schema}.saved_filters</c> and <c>{schema}.table_columns</c>, for the tables named.
    /// </summary>
    public static void MapTableViews(this IEndpointRouteBuilder app, string module, string schema, string tag, params string[] tables)
    {
        var store = new Store(schema, tables);
        var group = app.MapGroup($"/api/{module}").WithTags(tag);
        group.MapGet("/saved-filters", (string? table, DbSession db, CurrentUser user, CancellationToken ct) =>
                store.ListAsync(db, user, table, ct))
            .WithName($"ListSavedFilters_{module}")
            .WithSummary("The saved views of a table: the caller's own, then those an admin shared")
            .Produces<IReadOnlyList<SavedFilter>>().ProducesValidationProblem();
        group.MapPost("/saved-filters", async (NewSavedFilter body, DbSession db, CurrentUser user, CancellationToken ct) =>
            {
                var saved = await store.CreateAsync(db, user, body, ct);
                return Results.Created($"/api/{module}/saved-filters/{saved.Id}", saved);
            })
            .WithName($"CreateSavedFilter_{module}")
            .WithSummary("Save the current view of a table under a name (shared with everyone: admins only)")
            .Produces<SavedFilter>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPut("/saved-filters/{id:guid}", async (Guid id, SavedFilterChange body, DbSession db, CurrentUser user, CancellationToken ct) =>
                Results.Ok(await store.UpdateAsync(db, user, id, body, ct)))
            .WithName($"UpdateSavedFilter_{module}")
            .WithSummary("Rename a saved view, change its query or whether it is shared (its owner; a shared one: an admin)")
            .Produces<SavedFilter>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/saved-filters/{id:guid}", async (Guid id, DbSession db, CurrentUser user, CancellationToken ct) =>
            {
                await store.DeleteAsync(db, user, id, ct);
                return Results.NoContent();
            })
            .WithName($"DeleteSavedFilter_{module}")
            .WithSummary("Delete a saved view (its owner; a shared one: an admin)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/table-columns/{table}", async (string table, DbSession db, CurrentUser user, CancellationToken ct) =>
                Results.Ok(await store.ColumnsAsync(db, user, table, ct)))
            .WithName($"GetTableColumns_{module}")
            .WithSummary("The columns the caller chose for a table, in order (null: never chosen, the defaults apply)")
            .Produces<ColumnChoice>().ProducesValidationProblem();
        group.MapPut("/table-columns/{table}", async (string table, ColumnChange body, DbSession db, CurrentUser user, CancellationToken ct) =>
            {
                await store.SetColumnsAsync(db, user, table, body, ct);
                return Results.NoContent();
            })
            .WithName($"SetTableColumns_{module}")
            .WithSummary("Keep the columns the caller chose for a table, in order")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem();
    }

    /// <summary>The SQL behind the routes; the schema comes from the module, never from the request.</summary>
    private sealed class Store(string schema, IReadOnlyCollection<string> tables)
    {
        private const string Columns = "id as Id, table_name as Table, name as Name, query as Query, shared as Shared, owner_id as OwnerId";

        public async Task<IReadOnlyList<SavedFilter>> ListAsync(DbSession db, CurrentUser user, string? table, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var rows = await conn.QueryAsync<Row>(new CommandDefinition(
                $"""
                select {Columns} from {schema}.saved_filters
                where table_name = @Table and (owner_id = @User or shared)
                order by owner_id <> @User, lower(name), id
                """,
                new { Table = KnownTable(table, "table"), User = user.Id }, cancellationToken: ct));
            return rows.Select(r => r.ToApi(user.Id)).ToList();
        }

        public async Task<SavedFilter> CreateAsync(DbSession db, CurrentUser user, NewSavedFilter body, CancellationToken ct)
        {
            var table = KnownTable(body.Table, "table");
            var (name, query) = Checked(body.Name, body.Query);
            MayShare(user, body.Shared);
            var conn = await db.ConnectionAsync(ct);
            var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"""
                insert into {schema}.saved_filters (id, table_name, owner_id, name, query, shared, created_at, updated_at)
                values (@Id, @Table, @User, @Name, @Query, @Shared, now(), now())
                on conflict (owner_id, table_name, lower(name)) do nothing
                returning {Columns}
                """,
                new { Id = Guid.CreateVersion7(), Table = table, User = user.Id, Name = name, Query = query, body.Shared },
                cancellationToken: ct));
            return row?.ToApi(user.Id) ?? throw NameTaken();
        }

        public async Task<SavedFilter> UpdateAsync(DbSession db, CurrentUser user, Guid id, SavedFilterChange body, CancellationToken ct)
        {
            var (name, query) = Checked(body.Name, body.Query);
            var conn = await db.ConnectionAsync(ct);
            var current = await EditableAsync(conn, user, id, ct);
            if (body.Shared != current.Shared)
            {
                MayShare(user, true);
            }
            var taken = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                $"""
                select exists (select 1 from {schema}.saved_filters
                    where owner_id = @Owner and table_name = @Table and lower(name) = lower(@Name) and id <> @Id)
                """,
                new { Owner = current.OwnerId, current.Table, Name = name, Id = id }, cancellationToken: ct));
            if (taken)
            {
                throw NameTaken();
            }
            var row = await conn.QuerySingleAsync<Row>(new CommandDefinition(
                $"""
                update {schema}.saved_filters set name = @Name, query = @Query, shared = @Shared, updated_at = now()
                where id = @Id
                returning {Columns}
                """,
                new { Id = id, Name = name, Query = query, body.Shared }, cancellationToken: ct));
            return row.ToApi(user.Id);
        }

        public async Task DeleteAsync(DbSession db, CurrentUser user, Guid id, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await EditableAsync(conn, user, id, ct);
            await conn.ExecuteAsync(new CommandDefinition($"delete from {schema}.saved_filters where id = @Id", new { Id = id }, cancellationToken: ct));
        }

        public async Task<ColumnChoice> ColumnsAsync(DbSession db, CurrentUser user, string table, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var columns = await conn.QuerySingleOrDefaultAsync<string[]>(new CommandDefinition(
                $"select columns from {schema}.table_columns where user_id = @User and table_name = @Table",
                new { User = user.Id, Table = KnownTable(table, "table") }, cancellationToken: ct));
            return new ColumnChoice(columns);
        }

        public async Task SetColumnsAsync(DbSession db, CurrentUser user, string table, ColumnChange body, CancellationToken ct)
        {
            var known = KnownTable(table, "table");
            var columns = body.Columns;
            if (columns is null || columns.Count is 0 or > MaxColumns)
            {
                throw new FieldValidationException("columns", T.Pick($"От 1 до {MaxColumns} столбцов", $"1 to {MaxColumns} columns"));
            }
            if (columns.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > MaxColumn))
            {
                throw new FieldValidationException("columns", T.Pick(
                    $"Название столбца: от 1 до {MaxColumn} символов", $"A column is named by 1 to {MaxColumn} characters"));
            }
            if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count)
            {
                throw new FieldValidationException("columns", T.Pick("Столбец повторяется", "A column is given twice"));
            }
            var conn = await db.ConnectionAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition(
                $"""
                insert into {schema}.table_columns (user_id, table_name, columns, updated_at) values (@User, @Table, @Columns, now())
                on conflict (user_id, table_name) do update set columns = excluded.columns, updated_at = excluded.updated_at
                """,
                new { User = user.Id, Table = known, Columns = columns.ToArray() }, cancellationToken: ct));
        }

        /// <summary>The row, when the caller may change it: their own, or a shared one for an admin (403); others' private ones do not exist for them (404).</summary>
        private async Task<Row> EditableAsync(Npgsql.NpgsqlConnection conn, CurrentUser user, Guid id, CancellationToken ct)
        {
            var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"select {Columns} from {schema}.saved_filters where id = @Id for update", new { Id = id }, cancellationToken: ct));
            if (row is null || (row.OwnerId != user.Id && !row.Shared))
            {
                throw new NotFoundException(T.Pick("Сохранённый фильтр не найден", "The saved filter was not found"));
            }
            if (row.OwnerId != user.Id && !user.IsAdmin)
            {
                throw new ForbiddenException(T.Pick(
                    "Общий фильтр меняет его автор или администратор", "A shared filter is changed by its owner or an admin"));
            }
            return row;
        }

        private string KnownTable(string? table, string field) =>
            table is not null && tables.Contains(table)
                ? table
                : throw new FieldValidationException(field, T.Pick(
                    $"Таблица: {string.Join(", ", tables)}", $"The table is one of {string.Join(", ", tables)}"));

        private static (string Name, string Query) Checked(string? name, string? query)
        {
            var trimmed = name?.Trim() ?? "";
            if (trimmed.Length is 0 or > MaxName)
            {
                throw new FieldValidationException("name", T.Pick($"Название: от 1 до {MaxName} символов", $"The name is 1 to {MaxName} characters"));
            }
            var q = (query ?? "").TrimStart('?');
            if (q.Length > MaxQuery)
            {
                throw new FieldValidationException("query", T.Pick($"Не длиннее {MaxQuery} символов", $"At most {MaxQuery} characters"));
            }
            return (trimmed, q);
        }

        private static void MayShare(CurrentUser user, bool shared)
        {
            if (shared && !user.IsAdmin)
            {
                throw new ForbiddenException(T.Pick("Делиться фильтром со всеми может администратор", "Only an admin shares a filter with everyone"));
            }
        }

        private static FieldValidationException NameTaken() =>
            new("name", T.Pick("У вас уже есть фильтр с таким названием", "You already have a filter of this name"));
    }

    private sealed record Row(Guid Id, string Table, string Name, string Query, bool Shared, Guid OwnerId)
    {
        public SavedFilter ToApi(Guid user) => new(Id, Table, Name, Query, Shared, OwnerId, OwnerId == user);
    }
}
