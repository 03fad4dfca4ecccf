using Dapper;
using Npgsql;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// Events the old bus (one outbox row for all subscribers) had not yet delivered when the bus moved to
/// a delivery per subscriber (M0002): their deliveries are made here, once the subscribers are known,
/// skipping the handlers <c>bus.inbox</c> says took them already. Nothing in flight is lost by the upgrade.
/// </summary>
internal sealed class LegacyPendingEvents(NpgsqlDataSource dataSource, EventRegistry registry)
{
    public async Task AdoptAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var pending = (await conn.QueryAsync<(Guid Id, string EventType)>(new CommandDefinition(
            """
            select o.id, o.event_type from bus.legacy_pending p join bus.outbox o on o.id = p.event_id
            for update of p skip locked
            """,
            transaction: tx, cancellationToken: ct))).ToList();
        foreach (var (id, eventType) in pending)
        {
            await conn.ExecuteAsync(new CommandDefinition(
                """
                insert into bus.deliveries (event_id, handler, event_type, aggregate_id)
                select @Id, h.name, @EventType, @Id from unnest(@Handlers) as h(name)
                where not exists (select 1 from bus.inbox i where i.event_id = @Id and i.handler = h.name)
                on conflict (event_id, handler) do nothing;
                delete from bus.legacy_pending where event_id = @Id;
                """,
                new { Id = id, EventType = eventType, Handlers = registry.HandlersOf(eventType) }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
    }
}
