namespace Crm.Modules.Deals.Common;

/// <summary>
/// What a typed search is matched against: deals.search (M0006, M0010) holds the deal's name, its
/// company's and main contact's names, each on its own line, folded (lower case, «ё» as «е»), then
/// "#number". The board's search and the deal picker fold the typed
/// text the same way and match it with LIKE.
/// </summary>
internal static class SearchText
{
    public static string Fold(string text) => text.ToLowerInvariant().Replace('ё', 'е');

    /// <summary>The text as a LIKE pattern's literal part (backslash is the escape).</summary>
    public static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
