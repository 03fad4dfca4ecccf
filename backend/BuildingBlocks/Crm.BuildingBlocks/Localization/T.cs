using System.Globalization;

namespace Crm.BuildingBlocks.Localization;

/// <summary>
/// Picks the Russian or English text by the request's culture (set by request localization
/// from Accept-Language; Russian is the default). Two languages do not need resource files.
/// </summary>
public static class T
{
    public static string Pick(string russian, string english) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? english : russian;
}
