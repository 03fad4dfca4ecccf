using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.BuildingBlocks.Web;

/// <summary>The admin's view of event deliveries that failed, and the retry or discard of a dead one (Settings → «Доставка событий»).</summary>
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
                Answer(await deliveries.RetryAsync(eventId, handler, ct)))
            .WithName("RetryDeadDelivery")
            .WithSummary("Give a dead delivery one more attempt now (admin); 409 when this build has no such handler")
            .Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/failures/{eventId:guid}/{handler}", async (Guid eventId, string handler, DeadDeliveries deliveries, CancellationToken ct) =>
                Answer(await deliveries.DiscardAsync(eventId, handler, ct)))
            .WithName("DiscardDeadDelivery")
            .WithSummary("Drop a dead delivery for good: that handler never sees the event (admin)")
            .Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status404NotFound);
        return app;
    }

    private static IResult Answer(DeadDeliveries.Outcome outcome) => outcome switch
    {
        DeadDeliveries.Outcome.Done => Results.NoContent(),
        DeadDeliveries.Outcome.HandlerUnknown => Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: T.Pick("В этой версии нет такого обработчика", "This build has no such handler"),
            detail: T.Pick(
                "Обработчик удалён или переименован: повтор снова не удастся. Отбросьте доставку или установите версию, в которой он есть.",
                "The handler was removed or renamed: a retry would fail again. Discard the delivery, or deploy a build that has the handler.")),
        _ => Results.NotFound(),
    };
}
