using System.Globalization;
using System.Text.RegularExpressions;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;

namespace Crm.BuildingBlocks.Tables;

/// <summary>
/// Times in a table file, on the user's clock: the zone an export writes them in and an import reads them in
/// (<c>tz</c>, an IANA name; UTC when not given), and a cell read back as the export writes it.
/// </summary>
public static partial class TableTimes
{
    private static readonly string[] DateTimes =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm",
        "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "d.M.yyyy H:mm",
    ];

    private static readonly string[] Dates = ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy"];

    /// <summary>The zone <paramref name="tz"/> names (blank: UTC); an unknown one is a 400 on <c>tz</c>.</summary>
    public static TimeZoneInfo Zone(string? tz)
    {
        try
        {
            return string.IsNullOrWhiteSpace(tz) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(tz.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FieldValidationException("tz", T.Pick("Неизвестный часовой пояс", "Unknown time zone"));
        }
    }

    /// <summary>
    /// A cell as an instant: a date and time as the export writes them (2026-12-31 18:00:00, also without the seconds,
    /// or 31.12.2026 18:00) on the clock of <paramref name="zone"/>; a date alone (2026-12-31, 31.12.2026) at
    /// <paramref name="dateOnlyAt"/> that day; or an ISO 8601 time with its offset. False when it is none of these, or
    /// a time the zone skips.
    /// </summary>
    public static bool TryReadInstant(string text, TimeZoneInfo zone, TimeOnly dateOnlyAt, out DateTimeOffset instant)
    {
        instant = default;
        var trimmed = text.Trim();
        DateTime local;
        if (DateTime.TryParseExact(trimmed, DateTimes, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
        {
            local = dateTime;
        }
        else if (DateOnly.TryParseExact(trimmed, Dates, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            local = date.ToDateTime(dateOnlyAt);
        }
        else if (WithOffset().IsMatch(trimmed) && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var given))
        {
            instant = given.ToUniversalTime();
            return true;
        }
        else
        {
            return false;
        }
        if (zone.IsInvalidTime(local))
        {
            return false;
        }
        instant = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex WithOffset();
}
