using Crm.BuildingBlocks.Data;

namespace Crm.Modules.Tasks.Common;

/// <summary>
/// Where a keyset-paged task list stopped: the last item's sort time (its due time, or its completion
/// time in a list of completed tasks) and its id (<see cref="TimeIdCursor"/>).
/// </summary>
internal static class TaskCursor
{
    public static string Of(DateTimeOffset at, Guid id) => TimeIdCursor.Of(at, id);

    public static (DateTimeOffset? At, Guid? Id) Parse(string? cursor) =>
        TimeIdCursor.Parse(cursor) is var (at, id) ? (at, id) : (null, null);
}
