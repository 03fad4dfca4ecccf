using Carter;
using Crm.BuildingBlocks.Data;
using Crm.Modules.Deals.Common;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>The custom fields of deals, in the order the admin set.</summary>
internal static class ListCustomFields
{
    public sealed record Query : IQuery<IReadOnlyList<CustomFieldResponse>>;

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, IReadOnlyList<CustomFieldResponse>>
    {
        public async ValueTask<IReadOnlyList<CustomFieldResponse>> Handle(Query query, CancellationToken ct) =>
            await CustomFields.AllAsync(await db.ConnectionAsync(ct));
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/deals/custom-fields", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new Query(), ct)))
                .WithName(nameof(ListCustomFields))
                .WithTags("Deals")
                .WithSummary("Custom fields of deals")
                .Produces<IReadOnlyList<CustomFieldResponse>>();
    }
}
