using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A user sets a deal's tags from its card (the whole set, in order), or the bulk bar adds one tag to
/// each deal selected. The rights are a change's (a manager tags only their own deals); a version, when
/// given, must be the deal's (409). A change raises the version and publishes DealUpdated with the tags;
/// the same set again changes nothing.
/// </summary>
internal static class SetDealTags
{
    public sealed record Body(IReadOnlyList<Guid>? TagIds, int? Version);

    /// <param name="TagIds">The deal's tags (an empty list removes them all); null with <paramref name="AddTagId"/>.</param>
    /// <param name="AddTagId">One tag added to those the deal has (the bulk «Добавить тег»).</param>
    public sealed record Command(Guid Id, IReadOnlyList<Guid>? TagIds, int? Version, Guid? AddTagId = null) : ICommand<Tags.RecordTags>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, TimeProvider clock)
        : ICommandHandler<Command, Tags.RecordTags>
    {
        public async ValueTask<Tags.RecordTags> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var deal = await DealAccess.LoadForChangeAsync(conn, command.Id, command.Version, currentUser);
            var current = await conn.QuerySingleAsync<Guid[]>("select tag_ids from deals.deals where id = @Id", new { deal.Id });
            var wanted = await DealTags.CheckAsync(conn, command.AddTagId is { } added ? [.. current, added] : command.TagIds);
            var version = deal.Version;
            if (!wanted.SequenceEqual(current))
            {
                version = await conn.ExecuteScalarAsync<int>(
                    """
                    update deals.deals set tag_ids = @TagIds, updated_at = @Now, version = version + 1
                    where id = @Id
                    returning version
                    """,
                    new { deal.Id, TagIds = wanted, Now = clock.GetUtcNow() });
                await events.PublishAsync(new DealUpdated(await DealStates.ReadAsync(conn, deal.Id), currentUser.Id), ct);
            }
            return new Tags.RecordTags(deal.Id, version, await DealTags.OfAsync(conn, deal.Id));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/deals/{id:guid}/tags", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.TagIds, body.Version), ct)))
                .WithName(nameof(SetDealTags))
                .WithTags("Deals")
                .WithSummary("Set a deal's tags (the whole set, in order)")
                .Produces<Tags.RecordTags>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
