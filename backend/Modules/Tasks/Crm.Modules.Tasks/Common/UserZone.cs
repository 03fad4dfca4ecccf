using System.Data;
using Dapper;

namespace Crm.Modules.Tasks.Common;

/// <summary>
/// A user's time zone and reminder lead time, from Tasks' copy of Identity's settings (the
/// defaults until the user changes them). Days, "today" and all-day tasks are reckoned in it.
/// </summary>
internal sealed class UserZone
{
    public const string DefaultTimeZone = "Europe/Moscow";
    public const int DefaultLeadMinutes = 30;

    /// <summary>An all-day task is reminded of at this local time of its day.</summary>
    public static readonly TimeOnly AllDayReminderTime = new(9, 0);

    private UserZone(TimeZoneInfo zone, int leadMinutes)
    {
        Zone = zone;
        LeadMinutes = leadMinutes;
    }

    public TimeZoneInfo Zone { get; }

    public int LeadMinutes { get; }

    public static UserZone Of(string? timeZone, int? leadMinutes) => new(
        timeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone)
            ? zone
            : TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone),
        leadMinutes ?? DefaultLeadMinutes);

    public static async Task<UserZone> OfUserAsync(IDbConnection conn, Guid userId)
    {
        var row = await conn.QuerySingleOrDefaultAsync<SettingsRow>(
            "select time_zone as TimeZone, reminder_lead_minutes as Lead from tasks.users where id = @userId", new { userId });
        return Of(row?.TimeZone, row?.Lead);
    }

    private sealed record SettingsRow(string TimeZone, int Lead);

    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The instant the local day begins (a day that starts in a DST gap begins when the gap ends).</summary>
    public DateTimeOffset StartOf(DateOnly date) => ToInstant(date.ToDateTime(TimeOnly.MinValue));

    /// <summary>When an all-day task is due: the last second of its day.</summary>
    public DateTimeOffset EndOf(DateOnly date) => StartOf(date.AddDays(1)).AddSeconds(-1);

    /// <summary>When the reminder of a task falls due.</summary>
    public DateTimeOffset RemindAt(DateTimeOffset dueAt, DateOnly? allDayDate) =>
        allDayDate is { } date ? ToInstant(date.ToDateTime(AllDayReminderTime)) : dueAt.AddMinutes(-LeadMinutes);

    private DateTimeOffset ToInstant(DateTime local)
    {
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone), TimeSpan.Zero);
    }
}
