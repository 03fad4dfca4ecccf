using PhoneNumbers;

namespace Crm.BuildingBlocks.Text;

/// <summary>
/// Phone numbers as our users type them: "8 916 123-45-67", "+7 (916) 123 45 67" and
/// "916 123 45 67" are one number, +79161234567 (E.164). A number without a country code is
/// read in <see cref="DefaultRegion"/> (Russia), where a leading 8 is the trunk prefix.
/// </summary>
public static class Phones
{
    public const string DefaultRegion = "RU";

    /// <summary>The longest text accepted as a phone number before parsing.</summary>
    public const int MaxLength = 40;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The number in E.164 ("+79161234567"), or false when it is not a valid phone number.</summary>
    public static bool TryNormalize(string? text, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            return false;
        }
        try
        {
            var number = Util.Parse(text, DefaultRegion);
            if (!Util.IsValidNumber(number))
            {
                return false;
            }
            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>The number for people: "+7 916 123-45-67".</summary>
    public static string Display(string e164)
    {
        try
        {
            return Util.Format(Util.Parse(e164, DefaultRegion), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    /// <summary>
    /// The digits of a partly typed number, as they appear inside an E.164 number: "8 (916) 12"
    /// gives "791612", "+7 916" gives "7916", "916-12" gives "91612". A leading 8 followed by more
    /// digits is read as Russia's trunk prefix. Empty when the text has no digits.
    /// </summary>
    public static string SearchDigits(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        return digits.Length > 1 && digits[0] == '8' && !text.TrimStart().StartsWith('+') ? "7" + digits[1..] : digits;
    }

    /// <summary>
    /// The digits of a search query typed as (a part of) a phone number: the <see cref="SearchDigits"/>
    /// of a query of nothing but digits, spaces and a number's marks (+ - ( ) . /). Empty for any other
    /// query: "Ромашка 2000" or a code like "a9b1c6" is a name, and its digits must not find every
    /// number that holds them.
    /// </summary>
    public static string QueryDigits(string? text) =>
        text is not null && text.All(c => char.IsAsciiDigit(c) || char.IsWhiteSpace(c) || c is '+' or '-' or '(' or ')' or '.' or '/')
            ? SearchDigits(text)
            : "";
}
