using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// Where a list of requests (newest first) stopped: the last one's time received in UTC ticks and its
/// id, "ticks_id". A bad one is a 400 on <c>after</c>.
/// </summary>
internal static class RequestCursor
{
    public static string Of(RequestRow row) => $"{row.ReceivedAt.UtcTicks}_{row.Id:N}";

    public static (DateTimeOffset At, Guid Id)? Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }
        var parts = cursor.Split('_');
        if (parts.Length == 2 && long.TryParse(parts[0], out var ticks) && ticks >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && Guid.TryParseExact(parts[1], "N", out var id))
        {
            return (new DateTimeOffset(ticks, TimeSpan.Zero), id);
        }
        throw new FieldValidationException("after", T.Pick("Неверная позиция списка", "Invalid list position"));
    }
}
