namespace Crm.Modules.Inbox.Common;

/// <summary>
/// The sites a form may be posted from, each an exact origin as a browser sends it in <c>Origin</c>:
/// http or https, the host (an IDN in punycode), the port unless it is the scheme's own; no path, query,
/// user or wildcard. <c>https://Example.RU/</c> is kept as <c>https://example.ru</c>.
/// </summary>
internal static class FormOrigins
{
    public const int MaxCount = 20;
    public const int MaxLength = 200;

    public static bool TryNormalize(string? text, out string origin)
    {
        origin = "";
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength || trimmed.Contains('*')
            || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.HostNameType is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6)
            || uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0
            || trimmed.EndsWith('?') || trimmed.EndsWith('#'))
        {
            return false;
        }
        origin = uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
        return true;
    }

    /// <summary>The origins normalised, each once (invalid ones are refused by the validator before).</summary>
    public static string[] Normal(IEnumerable<string?>? origins) =>
        (origins ?? []).Select(o => TryNormalize(o, out var origin) ? origin : null).OfType<string>().Distinct().ToArray();

    /// <summary>Whether a request's <c>Origin</c> header is one of the form's sites.</summary>
    public static bool Allows(IEnumerable<string> allowed, string origin) =>
        allowed.Contains(origin.Trim(), StringComparer.OrdinalIgnoreCase);
}
