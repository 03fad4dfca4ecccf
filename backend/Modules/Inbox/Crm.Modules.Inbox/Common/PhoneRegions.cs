using PhoneNumbers;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// The region a phone number belongs to, from libphonenumber's offline geocoder, in Russian
/// («Свердловская обл», «Московская обл.»): where a request came from when its form did not say.
/// Null when the number tells no more than its country (Russian mobile numbers, toll-free ones).
/// </summary>
internal static class PhoneRegions
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberOfflineGeocoder Geocoder = PhoneNumberOfflineGeocoder.GetInstance();
    private static readonly Locale Russian = new("ru", "RU");

    /// <summary>The region of the first number that has one.</summary>
    public static string? Of(IEnumerable<string> e164Numbers)
    {
        foreach (var e164 in e164Numbers)
        {
            var number = Util.Parse(e164, null);
            var place = Geocoder.GetDescriptionForNumber(number, Russian);
            // Asked from outside the number's country, the geocoder names only the country.
            var country = Geocoder.GetDescriptionForNumber(number, Russian, "ZZ");
            if (!string.IsNullOrWhiteSpace(place) && place != country)
            {
                return place;
            }
        }
        return null;
    }
}
