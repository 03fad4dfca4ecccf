using System.Security.Claims;

namespace Crm.Modules.Identity.Auth;

internal static class AuthSchemes
{
    /// <summary>Chooses the cookie or the API token by the Authorization header.</summary>
    public const string Smart = "crm";
    public const string Cookie = "crm.cookie";
    public const string ApiToken = "crm.token";
    public const string CookieName = "crm.auth";
    public const string StampClaim = "crm:stamp";
    public const string SessionClaim = "crm:session";

    /// <summary>The claims of a signed-in user; <paramref name="session"/> is the server-side session of a cookie (none for an API token).</summary>
    public static ClaimsPrincipal Principal(Guid id, string email, string displayName, string role, Guid stamp, string scheme, Guid? session = null)
    {
        List<Claim> claims =
        [
            new Claim(ClaimTypes.NameIdentifier, id.ToString()),
            new Claim(ClaimTypes.Name, displayName),
            new Claim(ClaimTypes.Email, email),
            new Claim(ClaimTypes.Role, role),
            new Claim(StampClaim, stamp.ToString()),
        ];
        if (session is { } sessionId)
        {
            claims.Add(new Claim(SessionClaim, sessionId.ToString()));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
