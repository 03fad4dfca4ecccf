using Crm.BuildingBlocks.Web;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Tasks.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// A user connects their task calendar to Google Calendar, Outlook or a phone: they get a secret
/// feed address (shown once). Asking again replaces it, and the old address stops working.
/// </summary>
internal static class CreateCalendarToken
{
    public sealed record Command : ICommand<Response>;

    /// <summary><c>path</c> is the feed's path on this server; the endpoint adds the absolute <c>url</c>.</summary>
    public sealed record Response(string Token, string Path, string? Url);

    internal sealed class Handler(DbSession db, CurrentUser currentUser, TimeProvider clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken ct)
        {
            var token = CalendarTokens.NewToken();
            await (await db.ConnectionAsync(ct)).ExecuteAsync(
                """
                insert into tasks.calendar_tokens (user_id, token_hash, created_at) values (@UserId, @Hash, @Now)
                on conflict (user_id) do update set token_hash = excluded.token_hash, created_at = excluded.created_at
                """,
                new { UserId = currentUser.Id, Hash = CalendarTokens.Hash(token), Now = clock.GetUtcNow() });
            return new Response(token, $"/api/tasks/calendar/{token}.ics", null);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/tasks/calendar/token", async (HttpRequest request, PublicUrl publicUrl, ISender sender, CancellationToken ct) =>
                {
                    var created = await sender.Send(new Command(), ct);
                    return Results.Ok(created with { Url = publicUrl.Of(request, created.Path) });
                })
                .RequireAuthorization(Policies.BrowserSession)
                .WithName(nameof(CreateCalendarToken))
                .WithTags("Tasks")
                .WithSummary("Create or replace my secret calendar feed address")
                .Produces<Response>();
    }
}
