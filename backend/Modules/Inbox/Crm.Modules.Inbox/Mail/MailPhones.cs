using PhoneNumbers;

namespace Crm.Modules.Inbox.Mail;

/// <summary>
/// The phone numbers a mail's text gives (its signature, most often), found by libphonenumber as valid
/// numbers, Russian ones without a country code too: a request from the mailbox has a phone to call and a
/// region from it, as one from a form has.
/// </summary>
internal static class MailPhones
{
    private const int MaxNumbers = 3;
    private const int MaxScannedChars = 20_000;
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static IReadOnlyList<string> Find(string text)
    {
        var scanned = text.Length <= MaxScannedChars ? text : text[..MaxScannedChars];
        return Util.FindNumbers(scanned, "RU", PhoneNumberUtil.Leniency.VALID, long.MaxValue)
            .Select(match => Util.Format(match.Number, PhoneNumberFormat.E164))
            .Distinct()
            .Take(MaxNumbers)
            .ToList();
    }
}
