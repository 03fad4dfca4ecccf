using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Crm.BuildingBlocks.Security;

/// <summary>
/// The signed-in user of the current request, as the authentication handlers put it in claims; in a
/// background job's scope, the user the job acts for (<see cref="ActAs"/>).
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal? actingFor;

    private ClaimsPrincipal Principal => actingFor ?? accessor.HttpContext?.User ?? new ClaimsPrincipal();

    /// <summary>
    /// Makes this scope act for a user, as a job they started does: the use cases it runs check that
    /// user's rights (<paramref name="role"/> as the job recorded it when they started it).
    /// </summary>
    public void ActAs(Guid id, string role) =>
        actingFor = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id.ToString()), new Claim(ClaimTypes.Role, role)], authenticationType: "job"));

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;

    public Guid Id => Guid.TryParse(Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
        ? id
        : throw new InvalidOperationException("No signed-in user in this request.");

    public string Role => Principal.FindFirstValue(ClaimTypes.Role) ?? "";

    public bool IsAdmin => Role == Roles.Admin;

    public bool IsSupervisor => Role is Roles.Admin or Roles.HeadOfSales;
}
