using System.Text.Json;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Dapper;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// Writes events to the outbox and a delivery for each of their subscribers, in the command's
/// transaction, and notifies every instance on commit (PostgreSQL sends a NOTIFY only when, and
/// as soon as, the transaction commits; a rollback sends nothing). One statement whatever the number
/// of events: an import's batch of a thousand records is one round trip, not a thousand; and one
/// notification, naming every handler it wakes (<see cref="Woken"/>), not one a handler: each is queued
/// by the server and read by every listening instance.
/// </summary>
internal sealed class OutboxPublisher(DbSession db, EventRegistry registry, TimeProvider clock) : IEventPublisher
{
    public const string Channel = "crm_bus";

    private const char Separator = ',';

    /// <summary>The handlers a notification's payload wakes (handler names hold no comma).</summary>
    public static string[] Woken(string payload) => payload.Split(Separator, StringSplitOptions.RemoveEmptyEntries);

    public ValueTask PublishAsync<TEvent>(TEvent integrationEvent, CancellationToken ct = default) where TEvent : IntegrationEvent =>
        PublishAllAsync([integrationEvent], ct);

    public async ValueTask PublishAllAsync(IReadOnlyList<IntegrationEvent> integrationEvents, CancellationToken ct = default)
    {
        if (!db.InTransaction)
        {
            throw new InvalidOperationException("Events are published inside a command's transaction.");
        }
        if (integrationEvents.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var stamped = integrationEvents.Select(e => e.OccurredAt == default ? e with { OccurredAt = now } : e).ToList();
        var types = stamped.Select(e => EventRegistry.NameOf(e.GetType())).ToArray();
        // a delivery per event and subscriber, in the events' order: one aggregate's deliveries are numbered as published
        var deliveries = stamped.SelectMany((e, i) => registry.HandlersOf(types[i]).Select(handler => (e, Type: types[i], Handler: handler))).ToList();
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            with event as (
                insert into bus.outbox (id, event_type, payload, occurred_at, aggregate_id, aggregate_version)
                select e.id, e.type, e.payload::jsonb, e.occurred_at, e.aggregate_id, e.aggregate_version
                from unnest(@Ids, @Types, @Payloads, @OccurredAts, @AggregateIds, @AggregateVersions)
                    as e(id, type, payload, occurred_at, aggregate_id, aggregate_version)
            ), deliveries as (
                insert into bus.deliveries (event_id, handler, event_type, aggregate_id)
                select d.event_id, d.handler, d.event_type, d.aggregate_id
                from unnest(@DeliveryEvents, @DeliveryHandlers, @DeliveryTypes, @DeliveryAggregates) with ordinality
                    as d(event_id, handler, event_type, aggregate_id, n)
                order by d.n
            )
            select pg_notify(@Channel, @Handlers) where @Handlers <> ''
            """,
            new
            {
                Ids = stamped.Select(e => e.Id).ToArray(),
                Types = types,
                Payloads = stamped.Select(e => JsonSerializer.Serialize(e, e.GetType(), EventSerializer.Options)).ToArray(),
                OccurredAts = stamped.Select(e => e.OccurredAt).ToArray(),
                AggregateIds = stamped.Select(e => e.Aggregate.Id).ToArray(),
                AggregateVersions = stamped.Select(e => e.Aggregate.Version).ToArray(),
                DeliveryEvents = deliveries.Select(d => d.e.Id).ToArray(),
                DeliveryHandlers = deliveries.Select(d => d.Handler).ToArray(),
                DeliveryTypes = deliveries.Select(d => d.Type).ToArray(),
                DeliveryAggregates = deliveries.Select(d => d.e.Aggregate.Id).ToArray(),
                Handlers = string.Join(Separator, deliveries.Select(d => d.Handler).Distinct()),
                Channel,
            },
            cancellationToken: ct));
        foreach (var e in stamped)
        {
            db.RecordPublished(e.Id);
        }
    }
}
