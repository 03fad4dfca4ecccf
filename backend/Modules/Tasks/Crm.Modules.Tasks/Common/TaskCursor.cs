using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;

namespace Crm.Modules.Tasks.Common;

/// <summary>
/// Where a keyset-paged task list stopped: the last item's sort time (its due time, or its completion
/// time in a list of completed tasks) in UTC ticks, and its id, as "ticks_id". A bad one is a 400 on
/// <c>after</c>.
/// </summary>
internal static class TaskCursor
{
    public static string Of(DateTimeOffset at, Guid id) => $"{at.UtcTicks}_{id:N}";

    public static (DateTimeOffset? At, Guid? Id) Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (null, null);
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
