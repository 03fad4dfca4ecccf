using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// The report of an import: every refused row as the file had it, with its row number and the reasons, as
/// CSV (or xlsx), so the user can correct those rows and import them again.
/// </summary>
internal static class DownloadImportReport
{
    public sealed record Query(Guid Id) : IQuery<ExportPlan>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : IQueryHandler<Query, ExportPlan>
    {
        public async ValueTask<ExportPlan> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await ImportJobs.EnsureVisibleAsync(conn, "directory", query.Id, currentUser);
            return await ImportReports.PlanAsync(conn, "directory", query.Id, ct);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/directory/imports/{id:guid}/report",
                    async (Guid id, string? format, string? delimiter, string? tz, ISender sender, TimeProvider clock, CancellationToken ct) =>
                    {
                        var options = ExportOptions.Parse(format, delimiter, tz, null);
                        var plan = await sender.Send(new Query(id), ct);
                        return TableExport.File(options, plan.Columns, ImportReports.FileName, clock.GetUtcNow(), plan.Rows, ct);
                    })
                .WithName(nameof(DownloadImportReport))
                .WithTags("Directory")
                .WithSummary("The refused rows of an import with their reasons, as CSV (or xlsx)")
                .Produces(StatusCodes.Status200OK, contentType: TableExport.CsvType)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
