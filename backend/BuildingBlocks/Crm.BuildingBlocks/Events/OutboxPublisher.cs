using System.Text.Json;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Dapper;

namespace Crm.BuildingBlocks.Events;

internal sealed class OutboxPublisher(DbSession db, TimeProvider clock) : IEventPublisher
{
    public async ValueTask PublishAsync<TEvent>(TEvent integrationEvent, CancellationToken ct = default) where TEvent : IntegrationEvent
    {
        if (!db.InTransaction)
        {
            throw new InvalidOperationException("Events are published inside a command's transaction.");
        }
        var stamped = integrationEvent.OccurredAt == default ? integrationEvent with { OccurredAt = clock.GetUtcNow() } : integrationEvent;
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            insert into bus.outbox (id, event_type, payload, occurred_at)
            values (@Id, @Type, @Payload::jsonb, @OccurredAt)
            """,
            new
            {
                stamped.Id,
                Type = EventRegistry.NameOf(stamped.GetType()),
                Payload = JsonSerializer.Serialize(stamped, stamped.GetType(), EventSerializer.Options),
                stamped.OccurredAt,
            },
            cancellationToken: ct));
        db.RecordPublished(stamped.Id);
    }
}
