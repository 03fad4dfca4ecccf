using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;

namespace Crm.BuildingBlocks.Data;

/// <summary>
/// Where a keyset-paged list ordered by a time and an id stopped: the last item's time in UTC ticks and
/// its id, as "ticks_id" (opaque to clients: they send back the <c>nextCursor</c> they were given). A bad
/// one is a 400 on <c>after</c>.
/// </summary>
public static class TimeIdCursor
{
    public static string Of(DateTimeOffset at, Guid id) => $"{at.UtcTicks}_{id:N}";

    /// <summary>The position, or null when <paramref name="cursor"/> is empty (the first page).</summary>
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
