using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.Modules.Inbox.Contracts;
using Dapper;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// A request changes status in one conditional update (<c>where status = @From</c>) that returns the row as
/// changed: of two managers accepting at once, the second's update waits for the first's row lock, then finds
/// the status changed and updates nothing. Exactly one wins; only the other reads the request again, to be
/// told who took it (409).
/// </summary>
internal static class Decisions
{
    public static async Task<RequestRow> DecideAsync(
        IDbConnection conn, Guid id, string from, string to, Guid by, DateTimeOffset now, string? reason, CancellationToken ct)
    {
        var decided = await conn.QuerySingleOrDefaultAsync<RequestRow>(new CommandDefinition(
            $"""
            update inbox.requests r set
                status = @To, version = version + 1,
                decided_by = case when @To = 'new' then null else @By end,
                decided_at = case when @To = 'new' then null else @Now end,
                decline_reason = case when @To = 'declined' then @Reason end,
                deal_id = case when @To = 'accepted' then id end
            where r.id = @Id and r.status = @From
            returning {RequestRow.Columns}
            """,
            new { Id = id, From = from, To = to, By = by, Now = now, Reason = reason },
            cancellationToken: ct));
        if (decided is null)
        {
            throw NotNow(await Requests.GetAsync(conn, id), from);
        }
        return decided;
    }

    private static ConflictException NotNow(RequestRow request, string expected)
    {
        var who = request.DecidedByName ?? T.Pick("другой пользователь", "another user");
        var message = request.Status switch
        {
            RequestStatuses.Accepted => T.Pick($"Заявку уже принял(а) {who}", $"{who} has already accepted this request"),
            RequestStatuses.Declined when expected == RequestStatuses.New =>
                T.Pick($"Заявку уже отклонил(а) {who}", $"{who} has already declined this request"),
            _ => T.Pick("Заявка не отклонена", "The request is not declined"),
        };
        return new ConflictException(
            T.Pick("Заявка уже разобрана", "The request has been dealt with"),
            message,
            new Dictionary<string, object?>
            {
                ["requestStatus"] = request.Status,
                ["decidedBy"] = request.DecidedBy,
                ["decidedByName"] = request.DecidedByName,
                ["dealId"] = request.DealId,
            });
    }
}
