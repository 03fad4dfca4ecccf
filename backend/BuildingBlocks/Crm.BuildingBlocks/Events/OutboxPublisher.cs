using System.Text.Json;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Dapper;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// Writes an event to the outbox and a delivery for each of its subscribers, in the command's
/// transaction, and notifies every instance on commit (PostgreSQL sends a NOTIFY only when, and
/// as soon as, the transaction commits; a rollback sends nothing).
/// </summary>
internal sealed class OutboxPublisher(DbSession db, EventRegistry registry, TimeProvider clock) : IEventPublisher
{
    public const string Channel = "crm_bus";

    public async ValueTask PublishAsync<TEvent>(TEvent integrationEvent, CancellationToken ct = default) where TEvent : IntegrationEvent
    {
        if (!db.InTransaction)
        {
            throw new InvalidOperationException("Events are published inside a command's transaction.");
        }
        var stamped = integrationEvent.OccurredAt == default ? integrationEvent with { OccurredAt = clock.GetUtcNow() } : integrationEvent;
        var type = EventRegistry.NameOf(stamped.GetType());
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            with event as (
                insert into bus.outbox (id, event_type, payload, occurred_at, aggregate_id, aggregate_version)
                values (@Id, @Type, @Payload::jsonb, @OccurredAt, @AggregateId, @AggregateVersion)
            ), deliveries as (
                insert into bus.deliveries (event_id, handler, event_type, aggregate_id)
                select @Id, handler, @Type, @AggregateId from unnest(@Handlers) handler
            )
            select pg_notify(@Channel, handler) from unnest(@Handlers) handler
            """,
            new
            {
                stamped.Id,
                Type = type,
                Payload = JsonSerializer.Serialize(stamped, stamped.GetType(), EventSerializer.Options),
                stamped.OccurredAt,
                AggregateId = stamped.Aggregate.Id,
                AggregateVersion = stamped.Aggregate.Version,
                Handlers = registry.HandlersOf(type),
                Channel,
            },
            cancellationToken: ct));
        db.RecordPublished(stamped.Id);
    }
}
