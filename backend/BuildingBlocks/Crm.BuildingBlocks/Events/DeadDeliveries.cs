using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// What an admin sees of deliveries that failed (dead, or waiting for a retry) and what they do
/// with a dead one: retry it after a fix (one more attempt, dead again at once if that fails too),
/// or discard it when no build will handle it (its handler was removed).
/// </summary>
public sealed class DeadDeliveries(
    NpgsqlDataSource dataSource, HandlerLanes lanes, EventRegistry registry, IOptions<BusOptions> options, ILogger<DeadDeliveries> logger)
{
    /// <summary>A delivery that failed at least once; <paramref name="HandlerKnown"/> is false when this build has no such handler.</summary>
    public sealed record Failure(
        Guid EventId, string Handler, string EventType, Guid AggregateId, DateTimeOffset OccurredAt,
        int Attempts, bool Dead, DateTimeOffset LastFailedAt, DateTimeOffset NextAttemptAt, string LastError, string Payload,
        bool HandlerKnown);

    public enum Outcome
    {
        Done,

        /// <summary>No dead delivery of that event to that handler (delivered, retried or discarded meanwhile).</summary>
        NotDead,

        /// <summary>A retry of a delivery to a handler this build does not have: it would only die again.</summary>
        HandlerUnknown,
    }

    /// <summary>Failed deliveries, the most recent failure first; <paramref name="deadOnly"/> for those given up.</summary>
    public async Task<IReadOnlyList<Failure>> ListAsync(bool deadOnly, int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Failure>(new CommandDefinition(
            """
            select d.event_id as EventId, d.handler as Handler, d.event_type as EventType, d.aggregate_id as AggregateId,
                   o.occurred_at as OccurredAt, d.attempts as Attempts, d.dead as Dead, d.last_failed_at as LastFailedAt,
                   d.next_attempt_at as NextAttemptAt, d.last_error as LastError, o.payload::text as Payload,
                   true as HandlerKnown
            from bus.deliveries d join bus.outbox o on o.id = d.event_id
            where d.attempts > 0 and (d.dead or not @DeadOnly)
            order by d.last_failed_at desc
            limit @Limit
            """,
            new { DeadOnly = deadOnly, Limit = Math.Clamp(limit, 1, 500) }, cancellationToken: ct));
        return [.. rows.Select(r => r with { HandlerKnown = registry.IsHandler(r.Handler) })];
    }

    /// <summary>Gives a dead delivery one more attempt now.</summary>
    public async Task<Outcome> RetryAsync(Guid eventId, string handler, CancellationToken ct)
    {
        if (!registry.IsHandler(handler))
        {
            return Outcome.HandlerUnknown;
        }
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var retried = await conn.ExecuteAsync(new CommandDefinition(
            """
            update bus.deliveries set dead = false, next_attempt_at = now()
            where event_id = @EventId and handler = @Handler and dead
            """,
            new { EventId = eventId, Handler = handler }, cancellationToken: ct)) == 1;
        if (!retried)
        {
            return Outcome.NotDead;
        }
        lanes.WakeNow(handler); // an admin is looking at it
        return Outcome.Done;
    }

    /// <summary>Drops a dead delivery for good: that handler will never see the event.</summary>
    public async Task<Outcome> DiscardAsync(Guid eventId, string handler, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var eventType = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(
            "delete from bus.deliveries where event_id = @EventId and handler = @Handler and dead returning event_type",
            new { EventId = eventId, Handler = handler }, cancellationToken: ct));
        if (eventType is null)
        {
            return Outcome.NotDead;
        }
        logger.LogWarning("A dead delivery was discarded by an admin: {EventType} {EventId} to {Handler}", eventType, eventId, handler);
        return Outcome.Done;
    }

    /// <summary>
    /// Leaves dead the pending deliveries to <paramref name="handler"/>, which this build does not
    /// have, whose event is older than <see cref="BusOptions.UnknownHandlerGrace"/>: no instance has
    /// taken them in that time, so no running build has the handler. They show on the admin's list.
    /// </summary>
    /// <returns>How many were left dead.</returns>
    internal async Task<int> GiveUpOnUnknownHandlerAsync(NpgsqlConnection conn, string handler, CancellationToken ct)
    {
        if (registry.IsHandler(handler))
        {
            throw new ArgumentException($"{handler} is a handler of this build", nameof(handler));
        }
        var count = await conn.ExecuteAsync(new CommandDefinition(
            """
            update bus.deliveries d
            set dead = true, attempts = d.attempts + 1, last_failed_at = now(), next_attempt_at = now(),
                last_error = 'No handler ' || d.handler || ' in the running build (removed or renamed?): nothing will deliver '
                    || d.event_type || ' to it. Discard the delivery, or deploy a build that has the handler and retry.'
            from bus.outbox o
            where o.id = d.event_id and d.handler = @Handler and not d.dead and o.created_at < now() - @Grace
            """,
            new { Handler = handler, Grace = options.Value.UnknownHandlerGrace }, cancellationToken: ct));
        if (count > 0)
        {
            logger.LogError("{Count} deliveries to {Handler}, a handler this build does not have, are left dead for an admin", count, handler);
        }
        return count;
    }
}
