using System.Collections.Frozen;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// The currencies a deal's budget may be in: the ISO 4217 codes of money in circulation (ADR 0005).
/// A fixed list rather than the runtime's culture data, which depends on the ICU build and lists
/// codes only per region. Left out on purpose: fund and accounting units (BOV, CHE, CHW, CLF, COU,
/// MXV, USN, UYI, UYW, XDR, XSU, XUA), metals (XAU, XAG, XPD, XPT), bond units (XBA–XBD), the test
/// and "no currency" codes (XTS, XXX), and codes withdrawn by 2026 (ANG → XCG, BGN and HRK → EUR,
/// CUC, SLL → SLE, ZWL → ZWG and the older ones).
/// </summary>
internal static class Currencies
{
    private static readonly FrozenSet<string> Codes = new[]
    {
        "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN",
        "BAM", "BBD", "BDT", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
        "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK",
        "DJF", "DKK", "DOP", "DZD",
        "EGP", "ERN", "ETB", "EUR",
        "FJD", "FKP",
        "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD",
        "HKD", "HNL", "HTG", "HUF",
        "IDR", "ILS", "INR", "IQD", "IRR", "ISK",
        "JMD", "JOD", "JPY",
        "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT",
        "LAK", "LBP", "LKR", "LRD", "LSL", "LYD",
        "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN",
        "NAD", "NGN", "NIO", "NOK", "NPR", "NZD",
        "OMR",
        "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG",
        "QAR",
        "RON", "RSD", "RUB", "RWF",
        "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL",
        "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS",
        "UAH", "UGX", "USD", "UYU", "UZS",
        "VED", "VES", "VND", "VUV",
        "WST",
        "XAF", "XCD", "XCG", "XOF", "XPF",
        "YER",
        "ZAR", "ZMW", "ZWG",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>What a deal is in when the request names no currency.</summary>
    public const string Default = "RUB";

    /// <summary>Whether <paramref name="code"/> is a listed code, exactly (upper case).</summary>
    public static bool IsKnown(string code) => Codes.Contains(code);
}
