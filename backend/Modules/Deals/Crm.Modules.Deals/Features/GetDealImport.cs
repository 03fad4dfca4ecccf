using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Deals.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A deals import's progress and outcome, for its progress bar: status (queued, running, done, cancelled, failed),
/// rows done of all, how many deals were created and rows refused, and the first refused rows with their reasons
/// (all of them: the report, GET …/{id}/report). Its author's, or any for a supervisor.
/// </summary>
internal static class GetDealImport
{
    public sealed record Query(Guid Id) : IQuery<Response>;

    public sealed record Reject(int Row, string Reason);

    public sealed record Response(
        Guid Id, Guid PipelineId, string FileName, string Status, int TotalRows, int ProcessedRows, int Created, int Rejected, string? Failure,
        DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, IReadOnlyList<Reject> Rejects);

    private sealed record Row(
        Guid Id, Guid PipelineId, string FileName, string Status, int TotalRows, int ProcessedRows, int Created, int Rejected, string? Failure,
        DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, Guid CreatedBy);

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var row = await conn.QuerySingleOrDefaultAsync<Row>(
                """
                select id as Id, pipeline_id as PipelineId, file_name as FileName, status as Status, total_rows as TotalRows,
                    processed_rows as ProcessedRows, created_count as Created, rejected_count as Rejected, failure as Failure,
                    created_at as CreatedAt, finished_at as FinishedAt, created_by as CreatedBy
                from deals.imports where id = @Id
                """,
                new { query.Id });
            if (row is null || !ImportJobs.Visible(row.CreatedBy, currentUser))
            {
                throw ImportJobs.NotFound();
            }
            var rejects = await ImportReports.FirstAsync(conn, "deals", query.Id);
            return new Response(
                row.Id, row.PipelineId, row.FileName, row.Status, row.TotalRows, row.ProcessedRows, row.Created, row.Rejected, row.Failure,
                row.CreatedAt, row.FinishedAt, rejects.Select(r => new Reject(r.Row, r.Reason)).ToList());
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGetImport<Query, Response>("deals", id => new Query(id))
                .WithName(nameof(GetDealImport))
                .WithTags("Deals")
                .WithSummary("A deals import's progress, counts and first refused rows");
    }
}
