using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// An import's progress and outcome, for its progress bar: status (queued, running, done, cancelled,
/// failed), rows done of all, how many were created, updated, skipped as duplicates and refused, and the
/// first refused rows with their reasons (all of them: the report, GET …/{id}/report). Its author's, or any
/// for a supervisor.
/// </summary>
internal static class GetImport
{
    public sealed record Query(Guid Id) : IQuery<Response>;

    public sealed record Reject(int Row, string Reason);

    public sealed record Response(
        Guid Id, string Table, string FileName, string Status, string Duplicates, int TotalRows, int ProcessedRows, int Created, int Updated,
        int Skipped, int Rejected, string? Failure, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, IReadOnlyList<Reject> Rejects);

    private sealed record Row(
        Guid Id, string Table, string FileName, string Status, string Duplicates, int TotalRows, int ProcessedRows, int Created, int Updated,
        int Skipped, int Rejected, string? Failure, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, Guid CreatedBy);

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var row = await conn.QuerySingleOrDefaultAsync<Row>(
                """
                select id as Id, list as Table, file_name as FileName, status as Status, duplicates as Duplicates, total_rows as TotalRows,
                    processed_rows as ProcessedRows, created_count as Created, updated_count as Updated, skipped_count as Skipped,
                    rejected_count as Rejected, failure as Failure, created_at as CreatedAt, finished_at as FinishedAt, created_by as CreatedBy
                from directory.imports where id = @Id
                """,
                new { query.Id });
            if (row is null || !ImportJobs.Visible(row.CreatedBy, currentUser))
            {
                throw ImportJobs.NotFound();
            }
            var rejects = (await ImportReports.FirstAsync(conn, "directory", query.Id)).Select(r => new Reject(r.Row, r.Reason));
            return new Response(
                row.Id, row.Table, row.FileName, row.Status, row.Duplicates, row.TotalRows, row.ProcessedRows, row.Created, row.Updated, row.Skipped,
                row.Rejected, row.Failure, row.CreatedAt, row.FinishedAt, rejects.ToList());
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGetImport<Query, Response>("directory", id => new Query(id))
                .WithName(nameof(GetImport))
                .WithTags("Directory")
                .WithSummary("An import's progress, counts and first refused rows");
    }
}
