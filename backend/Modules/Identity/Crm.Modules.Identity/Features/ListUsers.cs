using Carter;
using Crm.BuildingBlocks.Data;
using Crm.Modules.Identity.Users;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>All users, by name: the admin's users page, and the pickers of responsible users.</summary>
internal static class ListUsers
{
    public sealed record Query : IQuery<IReadOnlyList<UserResponse>>;

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, IReadOnlyList<UserResponse>>
    {
        public async ValueTask<IReadOnlyList<UserResponse>> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            return (await conn.QueryAsync<UserResponse>(
                $"select {UserResponse.Columns} from identity.users order by display_name, email")).AsList();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/identity/users", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new Query(), ct)))
                .WithName(nameof(ListUsers))
                .WithTags("Identity")
                .WithSummary("All users")
                .Produces<IReadOnlyList<UserResponse>>();
    }
}
