using System.Data;
using System.Text.Json;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Deals.Features;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// A bulk change job as its author sees it: status (queued, running, done, cancelled, failed), how many
/// deals of all were gone through, changed, already as asked, and refused with their reasons.
/// </summary>
internal sealed record BulkJobResponse(
    Guid Id, string Action, string Status, int Total, int Processed, int Changed, int Unchanged,
    IReadOnlyList<BulkChangeDeals.Refusal> Refused, string? Failure, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

/// <summary>Reading bulk change jobs (deals.bulk_jobs, M0020).</summary>
internal static class BulkJobs
{
    /// <summary>The command of a job is BulkChangeDeals' without its ids, as JSON.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Row(
        Guid Id, string Action, string Status, int Total, int Processed, int Changed, int Unchanged, string Refused, string? Failure,
        DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, Guid CreatedBy);

    /// <summary>The job, if it is the user's own (or the user is a supervisor); else 404, as if there were none.</summary>
    public static async Task<BulkJobResponse> ReadAsync(IDbConnection conn, Guid id, CurrentUser user)
    {
        var row = await conn.QuerySingleOrDefaultAsync<Row>(
            """
            select id as Id, command ->> 'action' as Action, status as Status, cardinality(deal_ids) as Total, processed as Processed,
                   changed as Changed, unchanged as Unchanged, refused::text as Refused, failure as Failure,
                   created_at as CreatedAt, finished_at as FinishedAt, created_by as CreatedBy
            from deals.bulk_jobs where id = @id
            """,
            new { id });
        if (row is null || (!user.IsSupervisor && row.CreatedBy != user.Id))
        {
            throw new NotFoundException(T.Pick("Массовое изменение не найдено", "The bulk change was not found"));
        }
        return new BulkJobResponse(
            row.Id, row.Action, row.Status, row.Total, row.Processed, row.Changed, row.Unchanged,
            JsonSerializer.Deserialize<List<BulkChangeDeals.Refusal>>(row.Refused, Json) ?? [], row.Failure, row.CreatedAt, row.FinishedAt);
    }
}
