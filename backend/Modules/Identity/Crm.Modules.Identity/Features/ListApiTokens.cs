using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>My personal API tokens that are not revoked.</summary>
internal static class ListApiTokens
{
    public sealed record Query : IQuery<IReadOnlyList<Response>>;

    public sealed record Response(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : IQueryHandler<Query, IReadOnlyList<Response>>
    {
        public async ValueTask<IReadOnlyList<Response>> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var tokens = await conn.QueryAsync<Response>(
                """
                select id as Id, name as Name, created_at as CreatedAt, last_used_at as LastUsedAt
                from identity.api_tokens where user_id = @Id and revoked_at is null order by created_at desc
                """,
                new { currentUser.Id });
            return tokens.AsList();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/identity/me/tokens", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new Query(), ct)))
                .RequireAuthorization(Policies.BrowserSession)
                .WithName(nameof(ListApiTokens))
                .WithTags("Identity")
                .WithSummary("My personal API tokens")
                .Produces<IReadOnlyList<Response>>();
    }
}
