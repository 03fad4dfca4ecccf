using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Web;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// The CORS policy of a form's submission route: the enabled form's allowed sites, for a JSON POST
/// (the snippet's script). An unknown or disabled key allows no site, so a preflight gets no CORS headers.
/// A post from a site not allowed is refused by the submission itself (403), as CORS only hides answers.
/// </summary>
internal sealed class FormCors(DbSession db) : ICrossOriginPolicy
{
    public const string Policy = "inbox-form";

    public async Task<CorsPolicy> PolicyAsync(HttpContext context)
    {
        var form = await Forms.EnabledByKeyAsync(await db.ConnectionAsync(context.RequestAborted), context.GetRouteValue("formKey") as string);
        return new CorsPolicyBuilder()
            .WithOrigins(form?.AllowedOrigins ?? [])
            .WithMethods(HttpMethods.Post)
            .WithHeaders("Content-Type", "Accept")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
            .Build();
    }
}
