using Crm.BuildingBlocks.Localization;

namespace Crm.BuildingBlocks.Text;

/// <summary>
/// Text the app can store: no NUL (PostgreSQL's text and jsonb refuse it) and no lone UTF-16
/// surrogate (not a character; it cannot be encoded as UTF-8). Checked once for every request by
/// <see cref="Web.InputChecks"/>.
/// </summary>
public static class TextInput
{
    public static string Refusal => T.Pick(
        "Текст содержит недопустимый символ (NUL или одиночный суррогат UTF-16).",
        "The text contains a character that is not allowed (NUL or a lone UTF-16 surrogate).");

    public static bool IsStorable(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return false;
            }
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }
}
