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

    public static ClaimsPrincipal Principal(Guid id, string email, string displayName, string role, Guid stamp, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, id.ToString()),
                new Claim(ClaimTypes.Name, displayName),
                new Claim(ClaimTypes.Email, email),
                new Claim(ClaimTypes.Role, role),
                new Claim(StampClaim, stamp.ToString()),
            ],
            scheme));
}
