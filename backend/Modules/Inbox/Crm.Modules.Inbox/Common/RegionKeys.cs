using System.Text;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// A region as requests and managers are matched on it: lower case, «ё» as «е», punctuation gone,
/// spaces single, and the usual abbreviations written one way («Свердловская область»,
/// «свердловская обл.» and libphonenumber's «Свердловская обл» are one key).
/// </summary>
internal static class RegionKeys
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["область"] = "обл",
        ["республика"] = "респ",
        ["автономный"] = "ао",
        ["округ"] = "ао",
        ["город"] = "г",
    };

    public static string Of(string region)
    {
        var letters = new StringBuilder(region.Length);
        foreach (var c in region.Trim().ToLowerInvariant().Replace('ё', 'е'))
        {
            letters.Append(char.IsLetterOrDigit(c) || c == '-' ? c : ' ');
        }
        var words = letters.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => Words.GetValueOrDefault(w, w));
        return string.Join(' ', words.Distinct());
    }
}
