using System.Text.RegularExpressions;

namespace Crm.BuildingBlocks.Text;

/// <summary>Text folded for comparing names as people read them: lower case, «ё» read as «е», runs of blanks as one space.</summary>
public static partial class TextKeys
{
    public static string Fold(string? text) =>
        Blanks().Replace((text ?? "").Trim().ToLowerInvariant().Replace('ё', 'е'), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blanks();
}
