using System.Data;
using System.Globalization;
using System.Text.Json;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.BuildingBlocks.Jobs;

/// <summary>A record a bulk action left as it was, and why (in the caller's language).</summary>
public sealed record BulkRefusal(Guid Id, string? Name, string Reason);

/// <summary>What a bulk action did: how many records it changed, how many already were as asked, and which it refused and why.</summary>
public sealed record BulkResult(int Changed, int Unchanged, IReadOnlyList<BulkRefusal> Refused);

/// <summary>
/// A bulk job as its author sees it: status (queued, running, done, cancelled, failed), how many records of
/// all were gone through, changed, already as asked, and refused with their reasons.
/// </summary>
public sealed record BulkJobResponse(
    Guid Id, string Action, string Status, int Total, int Processed, int Changed, int Unchanged,
    IReadOnlyList<BulkRefusal> Refused, string? Failure, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

/// <summary>
/// Bulk jobs: an action over "all that a filter selects" (up to thousands of records) run in the background
/// a chunk at a time, acting for the user who asked it (<see cref="BulkJobRunner"/>). Each module that has
/// them keeps them in its own <c>{schema}.bulk_jobs</c> (<see cref="CreateTableSql"/>): the records' ids
/// fixed when the user confirmed, the action (the module's command as JSON, its <c>action</c> named), who
/// asked it, as what role and in which language, and the progress and report. The module starts a job
/// with <see cref="InsertAsync"/> from its own slice and maps the reads with <see cref="MapBulkJobs"/>.
/// </summary>
public static class BulkJobs
{
    /// <summary>A job's command is stored as JSON in the web's shape (camelCase).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The table of a module's bulk jobs, for its migration.</summary>
    public static string CreateTableSql(string schema) => $"""
        create table {schema}.bulk_jobs (
            id uuid primary key,
            created_by uuid not null,
            role text not null,
            language text not null,
            command jsonb not null,
            ids uuid[] not null,
            status text not null default 'queued',
            processed int not null default 0,
            changed int not null default 0,
            unchanged int not null default 0,
            refused jsonb not null default '[]',
            cancel_requested boolean not null default false,
            lease_until timestamptz,
            failure text,
            created_at timestamptz not null,
            updated_at timestamptz not null,
            finished_at timestamptz
        );
        create index ix_bulk_jobs_waiting on {schema}.bulk_jobs (created_at) where status in ('queued', 'running');
        """;

    /// <summary>Queues a job of <paramref name="command"/> (its <c>action</c> named) over <paramref name="ids"/> for the user, in their language.</summary>
    public static async Task<Guid> InsertAsync(IDbConnection conn, string schema, CurrentUser user, object command, Guid[] ids, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7();
        await conn.ExecuteAsync(
            $"""
            insert into {schema}.bulk_jobs (id, created_by, role, language, command, ids, created_at, updated_at)
            values (@id, @By, @Role, @Language, @Command::jsonb, @ids, @now, @now)
            """,
            new
            {
                id, By = user.Id, user.Role, Language = CultureInfo.CurrentUICulture.Name,
                Command = JsonSerializer.Serialize(command, command.GetType(), Json), ids, now,
            });
        return id;
    }

    private sealed record Row(
        Guid Id, string Action, string Status, int Total, int Processed, int Changed, int Unchanged, string Refused, string? Failure,
        DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, Guid CreatedBy);

    /// <summary>The job, if it is the user's own (or the user is a supervisor); else 404, as if there were none.</summary>
    public static async Task<BulkJobResponse> ReadAsync(IDbConnection conn, string schema, Guid id, CurrentUser user)
    {
        var row = await conn.QuerySingleOrDefaultAsync<Row>(
            $"""
            select id as Id, command ->> 'action' as Action, status as Status, cardinality(ids) as Total, processed as Processed,
                   changed as Changed, unchanged as Unchanged, refused::text as Refused, failure as Failure,
                   created_at as CreatedAt, finished_at as FinishedAt, created_by as CreatedBy
            from {schema}.bulk_jobs where id = @id
            """,
            new { id });
        if (row is null || (!user.IsSupervisor && row.CreatedBy != user.Id))
        {
            throw new NotFoundException(T.Pick("Массовое действие не найдено", "The bulk action was not found"));
        }
        return new BulkJobResponse(
            row.Id, row.Action, row.Status, row.Total, row.Processed, row.Changed, row.Unchanged,
            JsonSerializer.Deserialize<List<BulkRefusal>>(row.Refused, Json) ?? [], row.Failure, row.CreatedAt, row.FinishedAt);
    }

    /// <summary>
    /// Maps <c>POST /api/{module}/bulk-jobs</c> to the module's start command: 202 with the job, <c>Location</c> its progress.
    /// The module names and describes the route.
    /// </summary>
    public static RouteHandlerBuilder MapStartBulkJob<TCommand>(this IEndpointRouteBuilder app, string module)
        where TCommand : IRequest<BulkJobResponse> =>
        app.MapPost($"/api/{module}/bulk-jobs", async (TCommand command, ISender sender, CancellationToken ct) =>
            {
                var job = await sender.Send(command, ct);
                return Results.Accepted($"/api/{module}/bulk-jobs/{job.Id}", job);
            })
            .Produces<BulkJobResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();

    /// <summary>
    /// Maps <c>GET /api/{module}/bulk-jobs/{id}</c> (the progress and report) and <c>POST …/{id}/cancel</c> (the job
    /// stops before its next chunk; what it did stays done) for the job's author, a head of sales or an admin.
    /// </summary>
    public static void MapBulkJobs(this IEndpointRouteBuilder app, string module, string schema, string apiTag)
    {
        var group = app.MapGroup($"/api/{module}/bulk-jobs").WithTags(apiTag);
        group.MapGet("/{id:guid}", async (Guid id, DbSession db, CurrentUser user, CancellationToken ct) =>
                Results.Ok(await ReadAsync(await db.ConnectionAsync(ct), schema, id, user)))
            .WithName($"GetBulkJob_{module}")
            .WithSummary("A bulk job's progress and report")
            .Produces<BulkJobResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/cancel", async (Guid id, DbSession db, CurrentUser user, TimeProvider clock, CancellationToken ct) =>
            {
                var conn = await db.ConnectionAsync(ct);
                await ReadAsync(conn, schema, id, user);
                await conn.ExecuteAsync(
                    $"""
                    update {schema}.bulk_jobs set cancel_requested = true, updated_at = @Now,
                        status = case when status = 'queued' then 'cancelled' else status end,
                        finished_at = case when status = 'queued' then @Now else finished_at end
                    where id = @id and status in ('queued', 'running')
                    """,
                    new { id, Now = clock.GetUtcNow() });
                return Results.Ok(await ReadAsync(conn, schema, id, user));
            })
            .WithName($"CancelBulkJob_{module}")
            .WithSummary("Stop a bulk job before its next chunk")
            .Produces<BulkJobResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
