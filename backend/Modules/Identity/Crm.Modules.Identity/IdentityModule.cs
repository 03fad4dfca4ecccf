using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Identity.Auth;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Identity.Features;
using Crm.Modules.Identity.Jobs;
using Crm.Modules.Identity.Users;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace Crm.Modules.Identity;

/// <summary>
/// Users, roles, sign-in (cookie for the browser, personal API tokens for scripts) with its delays
/// against guessing, and each user's settings. Every other module authorises by the claims it puts on requests.
/// </summary>
public sealed class IdentityModule : IModule
{
    public string Name => "Identity";

    public string Schema => "identity";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Passwords>();
        services.AddScoped<Users.NewUser>();
        services.AddDataProtection().SetApplicationName("crm");
        services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource>((o, dataSource) => o.XmlRepository = new DataProtectionKeyStore(dataSource));

        services.AddAuthentication(AuthSchemes.Smart)
            .AddPolicyScheme(AuthSchemes.Smart, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? AuthSchemes.ApiToken
                    : AuthSchemes.Cookie)
            .AddCookie(AuthSchemes.Cookie, o =>
            {
                o.Cookie.Name = AuthSchemes.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
                o.SlidingExpiration = true;
                // An API answers 401/403 (as problem details), it does not redirect.
                o.Events.OnRedirectToLogin = context => SetStatus(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => SetStatus(context, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = CookieSessionValidator.ValidateAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(AuthSchemes.ApiToken, null);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Supervisor, p => p.RequireRole(Roles.Admin, Roles.HeadOfSales))
            .AddPolicy(Policies.BrowserSession, p => p.RequireClaim(AuthSchemes.SessionClaim));
    }

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        quartz.AddJob<SignInAttemptsCleanupJob>(job => job.WithIdentity(SignInAttemptsCleanupJob.Key));
        quartz.AddTrigger(trigger => trigger
            .ForJob(SignInAttemptsCleanupJob.Key)
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(SignInAttemptsCleanupJob.Interval).RepeatForever()));
    }

    /// <summary>Publishes every user's current state (deactivated ones too) as UserRepublished, in id order.</summary>
    public Task<int> RepublishAsync(IServiceProvider services, CancellationToken ct) =>
        Republishing.PublishAllAsync<UserState>(
            services,
            $"{UserStates.Select} where id > @After order by id limit @Limit",
            user => user.UserId,
            user => new UserRepublished(user),
            ct);

    /// <summary>Creates the first admin from CRM_ADMIN_EMAIL / CRM_ADMIN_PASSWORD when there are no users yet.</summary>
    public async Task InitializeAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var configuration = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<IdentityModule>>();
        var email = configuration["CRM_ADMIN_EMAIL"];
        var password = configuration["CRM_ADMIN_PASSWORD"];
        var created = await scope.ServiceProvider.GetRequiredService<ISender>()
            .Send(new SeedFirstAdmin.Command(email, password), ct);
        if (created)
        {
            logger.LogInformation("Created the first admin {Email}", email);
        }
    }

    private static Task SetStatus(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
