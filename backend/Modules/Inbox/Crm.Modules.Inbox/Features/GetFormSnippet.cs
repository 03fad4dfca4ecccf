using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Web;
using Crm.Modules.Inbox.Common;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// An admin copies a form's HTML to paste into the company's site (<see cref="FormSnippet"/>). Its address
/// is the app's configured public one (<c>App:PublicUrl</c>), never the request's Host: without it there
/// is no snippet (409), as a site must not post to an address the app merely was asked at.
/// </summary>
internal static class GetFormSnippet
{
    public sealed record Query(Guid Id) : IQuery<Response>;

    /// <summary><c>action</c> is where the form posts; <c>html</c> the snippet.</summary>
    public sealed record Response(string Action, string Html);

    internal sealed class Handler(DbSession db, PublicUrl publicUrl) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken ct)
        {
            var form = await Forms.GetAsync(await db.ConnectionAsync(ct), query.Id);
            var action = publicUrl.Absolute($"/api/inbox/forms/{form.Key}/submissions")
                ?? throw new ConflictException(
                    T.Pick("Не задан адрес приложения", "The app's address is not set"),
                    T.Pick("Администратору сервера: укажите публичный адрес приложения (App__PublicUrl), например https://crm.example.ru.",
                        "For the server's administrator: set the app's public address (App__PublicUrl), e.g. https://crm.example.com."),
                    new Dictionary<string, object?>());
            return new Response(action, FormSnippet.Html(action, form.FieldModes));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/inbox/forms/{id:guid}/snippet", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(id), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(GetFormSnippet))
                .WithTags("Inbox")
                .WithSummary("The HTML of a web form, to paste into the company's site (admins)")
                .Produces<Response>()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
