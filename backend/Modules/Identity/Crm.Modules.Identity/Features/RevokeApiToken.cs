using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>Revokes one of my tokens; scripts using it get 401 from then on.</summary>
internal static class RevokeApiToken
{
    public sealed record Command(Guid Id) : ICommand<Unit>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, TimeProvider clock) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var revoked = await conn.ExecuteAsync(
                "update identity.api_tokens set revoked_at = @Now where id = @Id and user_id = @UserId and revoked_at is null",
                new { command.Id, UserId = currentUser.Id, Now = clock.GetUtcNow() });
            return revoked == 0 ? throw new NotFoundException(T.Pick("Токен не найден", "Token not found")) : Unit.Value;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/identity/me/tokens/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                {
                    await sender.Send(new Command(id), ct);
                    return Results.NoContent();
                })
                .RequireAuthorization(Policies.BrowserSession)
                .WithName(nameof(RevokeApiToken))
                .WithTags("Identity")
                .WithSummary("Revoke one of my personal API tokens")
                .Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
