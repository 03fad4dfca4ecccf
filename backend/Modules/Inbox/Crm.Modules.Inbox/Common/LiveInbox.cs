using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Inbox.Contracts;
using Crm.BuildingBlocks.Realtime;
using Dapper;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// Tells everyone watching a request's pipeline ("pipeline:{id}", the board) that it changed, once the
/// change has committed: a new one appears in «Неразобранное», an accepted or declined one leaves it.
/// Message <c>requestChanged</c>: <c>{ pipelineId, requestId, status, request }</c>. A new request is also
/// announced to the managers who cover its region, or to every active user when nobody does
/// (<c>InboxRequestAnnounced</c>, which Messaging keeps as each one's notification in the bell, ADR 0009).
/// </summary>
internal sealed class LiveInbox(DbSession db, IRealtime realtime, IEventPublisher events)
{
    public const string Method = "requestChanged";

    public sealed record RequestChanged(Guid PipelineId, Guid RequestId, string Status, RequestResponse Request);

    /// <summary>Announces a request just filed (in the filing's transaction: who covers its region is read now).</summary>
    public async Task AnnounceAsync(RequestRow request, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var key = request.Region is null ? null : RegionKeys.Of(request.Region);
        var covering = key is null
            ? []
            : (await conn.QueryAsync<Guid>(new CommandDefinition(
                """
                select u.id from inbox.users u
                where u.active and exists (select 1 from inbox.user_regions r where r.user_id = u.id and r.key = @key)
                """,
                new { key },
                cancellationToken: ct))).AsList();
        var recipients = covering.Count > 0
            ? covering
            : (await conn.QueryAsync<Guid>(new CommandDefinition("select id from inbox.users where active", cancellationToken: ct))).AsList();
        await events.PublishAsync(new InboxRequestAnnounced(request.ToState(), recipients, covering.Count > 0), ct);
    }

    public void Changed(RequestRow request)
    {
        var message = new RequestChanged(request.PipelineId, request.Id, request.Status, request.ToResponse());
        db.AfterCommit(() => new ValueTask(realtime.SendAsync($"pipeline:{request.PipelineId}", Method, message, CancellationToken.None)));
    }
}
