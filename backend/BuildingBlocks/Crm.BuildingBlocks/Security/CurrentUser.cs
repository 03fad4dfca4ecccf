using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Crm.BuildingBlocks.Security;

/// <summary>The signed-in user of the current request, as the authentication handlers put it in claims.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;

    public Guid Id => Guid.TryParse(Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
        ? id
        : throw new InvalidOperationException("No signed-in user in this request.");

    public string Role => Principal.FindFirstValue(ClaimTypes.Role) ?? "";

    public bool IsAdmin => Role == Roles.Admin;

    public bool IsSupervisor => Role is Roles.Admin or Roles.HeadOfSales;
}
