using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Web;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Crm.BuildingBlocks.Tables;

/// <summary>A started import (202): its id, to follow at <c>GET /api/{module}/imports/{id}</c>, and how many rows the file has.</summary>
public sealed record ImportStarted(Guid Id, int TotalRows);

/// <summary>
/// What a module's imports (<c>/api/{module}/imports</c> over its <c>{schema}.imports</c>, run by its
/// <see cref="ImportJobRunner"/>) have in common: who may see one, and the routes. The module maps the preview, the
/// start and the progress to its own slices (<see cref="MapPreviewImport"/>, <see cref="MapStartImport"/>,
/// <see cref="MapGetImport"/>: its fields, rules and counters), and the cancel and the report, which are the same in
/// each, from here (<see cref="MapCancelImport"/>, <see cref="MapImportReport"/>). The module names and describes each route.
/// </summary>
public static class ImportJobs
{
    /// <summary>What an upload may weigh: the file and the form's other fields.</summary>
    private const long UploadBytes = TableFile.MaxBytes + 64 * 1024;

    public static NotFoundException NotFound() => new(T.Pick("Импорт не найден", "Import not found"));

    /// <summary>Whether <paramref name="user"/> may see an import of <paramref name="author"/>'s: their own, or any for a supervisor.</summary>
    public static bool Visible(Guid author, CurrentUser user) => user.IsSupervisor || author == user.Id;

    /// <summary>
    /// Maps <c>POST /api/{module}/imports/preview</c>: the multipart upload, read by <paramref name="read"/> into the
    /// module's query, answered as the module's preview (nothing is saved).
    /// </summary>
    public static RouteHandlerBuilder MapPreviewImport<TQuery, TResponse>(
        this IEndpointRouteBuilder app, string module, Func<HttpRequest, CancellationToken, Task<TQuery>> read)
        where TQuery : IQuery<TResponse> =>
        app.MapPost($"/api/{module}/imports/preview", async (HttpRequest request, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(await read(request, ct), ct)))
            .Accepts<IFormFile>("multipart/form-data")
            .WithBodyLimit(UploadBytes)
            .Produces<TResponse>()
            .ProducesValidationProblem();

    /// <summary>
    /// Maps <c>POST /api/{module}/imports</c>: the multipart upload, read by <paramref name="read"/> into the module's
    /// start command; 202 with the import, <c>Location</c> its progress.
    /// </summary>
    public static RouteHandlerBuilder MapStartImport<TCommand>(
        this IEndpointRouteBuilder app, string module, Func<HttpRequest, CancellationToken, Task<TCommand>> read)
        where TCommand : ICommand<ImportStarted> =>
        app.MapPost($"/api/{module}/imports", async (HttpRequest request, ISender sender, CancellationToken ct) =>
            {
                var started = await sender.Send(await read(request, ct), ct);
                return Results.Accepted($"/api/{module}/imports/{started.Id}", started);
            })
            .Accepts<IFormFile>("multipart/form-data")
            .WithBodyLimit(UploadBytes)
            .Produces<ImportStarted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();

    /// <summary>Maps <c>GET /api/{module}/imports/{id}</c> to the module's query of an import's progress (<paramref name="query"/> of the id).</summary>
    public static RouteHandlerBuilder MapGetImport<TQuery, TResponse>(this IEndpointRouteBuilder app, string module, Func<Guid, TQuery> query)
        where TQuery : IQuery<TResponse> =>
        app.MapGet($"/api/{module}/imports/{{id:guid}}", async (Guid id, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(query(id), ct)))
            .Produces<TResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>
    /// Maps <c>POST /api/{module}/imports/{id}/cancel</c> (204): one still waiting (unclaimed) is cancelled at once, its
    /// upload dropped; a running one at its next batch (the rows already committed stay, as the report says). An import
    /// that has ended is left as it is. Not waiting for a running batch's lock: the flag is read by the next batch.
    /// </summary>
    public static RouteHandlerBuilder MapCancelImport(this IEndpointRouteBuilder app, string module, string schema)
    {
        var imports = Imports(schema);
        return app.MapPost($"/api/{module}/imports/{{id:guid}}/cancel",
                async (Guid id, DbSession db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
                {
                    var conn = await db.ConnectionAsync(ct);
                    await EnsureVisibleAsync(conn, imports, id, user);
                    await conn.ExecuteAsync(
                        $"""
                        update {imports}
                        set cancel_requested = true, updated_at = @now,
                            status = case when status = 'queued' and lease_until is null then 'cancelled' else status end,
                            finished_at = case when status = 'queued' and lease_until is null then @now else finished_at end,
                            content = case when status = 'queued' and lease_until is null then null else content end
                        where id = @id and status in ('queued', 'running')
                        """,
                        new { id, now = clock.GetUtcNow() });
                    return Results.NoContent();
                })
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// Maps <c>GET /api/{module}/imports/{id}/report</c>: every refused row as the file had it, with its row number and
    /// the reasons, as CSV (or xlsx: <c>format</c>, <c>delimiter</c>, <c>tz</c> as the exports take them), so the user
    /// can correct those rows and import them again (<see cref="ImportReports"/>).
    /// </summary>
    public static RouteHandlerBuilder MapImportReport(this IEndpointRouteBuilder app, string module, string schema)
    {
        var imports = Imports(schema);
        return app.MapGet($"/api/{module}/imports/{{id:guid}}/report",
                async (Guid id, string? format, string? delimiter, string? tz, DbSession db, CurrentUser user, TimeProvider clock,
                    CancellationToken ct) =>
                {
                    var options = ExportOptions.Parse(format, delimiter, tz, null);
                    var conn = await db.ConnectionAsync(ct);
                    await EnsureVisibleAsync(conn, imports, id, user);
                    var plan = await ImportReports.PlanAsync(conn, schema, id, ct);
                    return TableExport.File(options, plan.Columns, ImportReports.FileName, clock.GetUtcNow(), plan.Rows, ct);
                })
            .Produces(StatusCodes.Status200OK, contentType: TableExport.CsvType)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>An import is its author's, or any supervisor's: to anyone else it does not exist (404).</summary>
    private static async Task EnsureVisibleAsync(NpgsqlConnection conn, string imports, Guid id, CurrentUser user)
    {
        var author = await conn.ExecuteScalarAsync<Guid?>($"select created_by from {imports} where id = @id", new { id });
        if (author is null || !Visible(author.Value, user))
        {
            throw NotFound();
        }
    }

    private static string Imports(string schema) =>
        schema.All(c => c is (>= 'a' and <= 'z') or '_')
            ? $"{schema}.imports"
            : throw new ArgumentException($"'{schema}' is not a schema name.", nameof(schema));
}
