using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.BuildingBlocks.Web;

/// <summary>
/// A CORS policy that depends on the request (which origins may call depends on the record the route
/// names, e.g. a web form's allowed sites). A module registers one as a keyed service under the policy's
/// name (<c>AddKeyedScoped&lt;ICrossOriginPolicy, T&gt;(name)</c>) and its route takes it with
/// <c>.RequireCors(name)</c>.
/// </summary>
public interface ICrossOriginPolicy
{
    /// <summary>The policy for this request; one without origins allows none (a preflight is answered without CORS headers).</summary>
    Task<CorsPolicy> PolicyAsync(HttpContext context);
}

/// <summary>
/// Cross-origin calls, for the few routes another site's page may call (the Inbox's public web form):
/// ASP.NET Core's CORS middleware, its policies looked up per request (<see cref="ICrossOriginPolicy"/>).
/// A route without <c>.RequireCors(...)</c> gets no CORS headers, so the browser's same-origin rule
/// keeps other sites' pages from reading any answer of the API.
/// </summary>
public static class CrossOrigin
{
    public static IServiceCollection AddCrossOrigin(this IServiceCollection services)
    {
        services.AddCors();
        services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, PoliciesPerRequest>());
        return services;
    }

    /// <summary>
    /// After routing (the policy is the endpoint's) and before authentication: a preflight (OPTIONS) is
    /// answered here, with no sign-in, antiforgery or rate limit; the call itself goes on and gets the
    /// headers when its origin is allowed, whatever its status.
    /// </summary>
    public static IApplicationBuilder UseCrossOrigin(this IApplicationBuilder app) => app.UseCors();

    private sealed class PoliciesPerRequest : ICorsPolicyProvider
    {
        public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName) =>
            policyName is not null && context.RequestServices.GetKeyedService<ICrossOriginPolicy>(policyName) is { } policy
                ? await policy.PolicyAsync(context)
                : null;
    }
}
