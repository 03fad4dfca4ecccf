using Crm.BuildingBlocks.Data;

namespace Crm.Modules.Inbox.Common;

/// <summary>Where a list of requests (newest first) stopped: the last one's time received and id (<see cref="TimeIdCursor"/>).</summary>
internal static class RequestCursor
{
    public static string Of(RequestRow row) => TimeIdCursor.Of(row.ReceivedAt, row.Id);

    public static (DateTimeOffset At, Guid Id)? Parse(string? cursor) => TimeIdCursor.Parse(cursor);
}
