using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Contracts;
using Crm.Modules.Inbox.Contracts;
using Dapper;
using Npgsql;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A request accepted in Inbox becomes a deal: with the request's id (Inbox named it in its answer, and
/// reading it waits for this: read-your-writes), in the pipeline's first open stage, named after the
/// request (its subject, else the company, else the client's name, else "Сделка #N"), the acceptor's.
/// When Directory has filed the request's contact and company (<see cref="RequestContactsFiled"/>, later,
/// on the same request, so this lane takes it after the deal), they are linked to the deal unless the
/// manager has already chosen others. One class for both events: one lane, the request's events in order.
/// </summary>
internal sealed class OpenAcceptedRequests(DbSession db, IEventPublisher events, TimeProvider clock)
    : IIntegrationEventHandler<InboxRequestAccepted>, IIntegrationEventHandler<RequestContactsFiled>
{
    public async ValueTask Handle(InboxRequestAccepted accepted, CancellationToken ct)
    {
        var request = accepted.Request;
        var dealId = request.DealId ?? request.RequestId;
        var conn = await db.ConnectionAsync(ct);
        if (await conn.ExecuteScalarAsync<bool>("select exists (select 1 from deals.deals where id = @dealId)", new { dealId }))
        {
            return;
        }
        var stageId = await FirstOpenStageAsync(conn, request.PipelineId);
        var number = await DealNumbers.TakeAsync(conn);
        var now = clock.GetUtcNow();
        await conn.ExecuteAsync(
            """
            insert into deals.deals (id, number, name, pipeline_id, stage_id, currency, responsible_id, custom, created_by, created_at,
                updated_at, stage_entered_at)
            values (@Id, @Number, @Name, @PipelineId, @StageId, @Currency, @By, '{}'::jsonb, @By, @Now, @Now, @Now)
            """,
            new
            {
                Id = dealId,
                Number = number,
                Name = DealRules.NameOrDefault(NameOf(request), number),
                request.PipelineId,
                StageId = stageId,
                Currency = DealRules.CurrencyOrDefault(null),
                By = accepted.AcceptedBy,
                Now = now,
            });
        await DealMoves.RecordAsync(conn, dealId, null, stageId, now, accepted.AcceptedBy);
        await events.PublishAsync(new DealCreated(await DealStates.ReadAsync(conn, dealId), accepted.AcceptedBy), ct);
    }

    public async ValueTask Handle(RequestContactsFiled filed, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        if (await FiledClients.LinkAsync(conn, filed.DealId, filed.Contact, filed.Company, clock.GetUtcNow(), ct))
        {
            await events.PublishAsync(new DealUpdated(await DealStates.ReadAsync(conn, filed.DealId), filed.AcceptedBy), ct);
        }
    }

    /// <summary>The first open stage of the pipeline (not one being removed), its row locked for share as a create locks it.</summary>
    private static async Task<Guid> FirstOpenStageAsync(NpgsqlConnection conn, Guid pipelineId) =>
        await conn.QuerySingleOrDefaultAsync<Guid?>(
            """
            select id from deals.stages
            where pipeline_id = @pipelineId and kind = 'open' and not retired
              and (removal_request is null or removal_request = answered_request)
            order by position, id
            limit 1
            for share
            """,
            new { pipelineId })
        ?? throw new InvalidOperationException(
            $"Pipeline {pipelineId} has no open stage for an accepted request's deal: add one, then retry this delivery.");

    private static string? NameOf(RequestState request)
    {
        var name = new[] { request.Subject, request.CompanyName, request.ContactName }.FirstOrDefault(n => !string.IsNullOrWhiteSpace(n))?.Trim();
        return name is { Length: > DealRules.NameMaxLength } ? name[..DealRules.NameMaxLength] : name;
    }
}
