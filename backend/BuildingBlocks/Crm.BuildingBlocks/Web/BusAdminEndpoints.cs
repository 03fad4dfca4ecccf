using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.BuildingBlocks.Web;

/// <summary>The admin's view of event deliveries that failed, and the retry of a dead one (Settings → «Доставка событий»).</summary>
public static class BusAdminEndpoints
{
    public static IEndpointRouteBuilder MapBusAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/bus").RequireAuthorization(Policies.Admin).WithTags("Operations");
        group.MapGet("/failures", async (DeadDeliveries deliveries, bool? dead, int? limit, CancellationToken ct) =>
                Results.Ok(await deliveries.ListAsync(dead ?? false, limit ?? 100, ct)))
            .WithName("ListFailedDeliveries")
            .WithSummary("Event deliveries that failed: given up (dead) or waiting for a retry, the latest first (admin)")
            .Produces<IReadOnlyList<DeadDeliveries.Failure>>();
        group.MapPost("/failures/{eventId:guid}/{handler}/retry", async (Guid eventId, string handler, DeadDeliveries deliveries, CancellationToken ct) =>
                await deliveries.RetryAsync(eventId, handler, ct) ? Results.NoContent() : Results.NotFound())
            .WithName("RetryDeadDelivery")
            .WithSummary("Give a dead delivery one more attempt now (admin)")
            .Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status404NotFound);
        return app;
    }
}
