using Carter;
using Crm.BuildingBlocks.Data;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>Who covers which regions: every active user with the regions they cover (perhaps none), by name.</summary>
internal static class ListRegions
{
    public sealed record Query : IQuery<IReadOnlyList<UserRegions>>;

    public sealed record UserRegions(Guid UserId, string DisplayName, IReadOnlyList<string> Regions);

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, IReadOnlyList<UserRegions>>
    {
        private sealed record Row(Guid UserId, string DisplayName, string? Region);

        public async ValueTask<IReadOnlyList<UserRegions>> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var rows = await conn.QueryAsync<Row>(new CommandDefinition(
                """
                select u.id as UserId, u.display_name as DisplayName, r.region as Region
                from inbox.users u left join inbox.user_regions r on r.user_id = u.id
                where u.active
                order by u.display_name, u.id, r.region
                """,
                cancellationToken: ct));
            return rows
                .GroupBy(r => (r.UserId, r.DisplayName))
                .Select(g => new UserRegions(g.Key.UserId, g.Key.DisplayName, g.Select(r => r.Region).OfType<string>().ToList()))
                .ToList();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/inbox/regions", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new Query(), ct)))
                .WithName(nameof(ListRegions))
                .WithTags("Inbox")
                .WithSummary("Who covers which regions (new requests from a region are announced to them)")
                .Produces<IReadOnlyList<UserRegions>>();
    }
}
