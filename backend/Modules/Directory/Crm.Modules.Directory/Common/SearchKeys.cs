using Crm.BuildingBlocks.Text;

namespace Crm.Modules.Directory.Common;

/// <summary>
/// The folded text a record is searched by, and the LIKE patterns of a query, built the same way:
/// lower case, "ё" read as "е", runs of blanks as one space.
/// </summary>
internal static class SearchKeys
{
    public static string Fold(string? text) => TextKeys.Fold(text);

    /// <summary>What <c>search</c> holds: the folded name, the e-mails and (for a company) the tax id.</summary>
    public static string SearchText(string name, IEnumerable<string> emails, string? taxId = null) =>
        string.Join(' ', new[] { Fold(name) }.Concat(emails).Append(taxId ?? "").Where(s => s.Length > 0));

    /// <summary>What <c>phone_digits</c> holds: the digits of each E.164 number, space-separated.</summary>
    public static string PhoneDigits(IEnumerable<string> e164) =>
        string.Join(' ', e164.Select(n => Phones.SearchDigits(n)).Where(d => d.Length > 0));

    /// <summary>The text escaped for a LIKE pattern (backslash is PostgreSQL's default escape).</summary>
    public static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    public static string Contains(string folded) => $"%{EscapeLike(folded)}%";

    public static string StartsWith(string folded) => $"{EscapeLike(folded)}%";

    /// <summary>A word of the text starting with <paramref name="folded"/> (after a space): trigram-indexable for two letters.</summary>
    public static string WordStartsWith(string folded) => $"% {EscapeLike(folded)}%";
}
