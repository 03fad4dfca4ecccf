using Dapper;
using Npgsql;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// What an admin sees of deliveries that failed (dead, or waiting for a retry) and how they retry a
/// dead one after a fix: it gets one more attempt, and is dead again at once if that fails too.
/// </summary>
public sealed class DeadDeliveries(NpgsqlDataSource dataSource, HandlerLanes lanes)
{
    /// <summary>A delivery that failed at least once.</summary>
    public sealed record Failure(
        Guid EventId, string Handler, string EventType, Guid AggregateId, DateTimeOffset OccurredAt,
        int Attempts, bool Dead, DateTimeOffset LastFailedAt, DateTimeOffset NextAttemptAt, string LastError, string Payload);

    /// <summary>Failed deliveries, the most recent failure first; <paramref name="deadOnly"/> for those given up.</summary>
    public async Task<IReadOnlyList<Failure>> ListAsync(bool deadOnly, int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Failure>(new CommandDefinition(
            """
            select d.event_id as EventId, d.handler as Handler, d.event_type as EventType, d.aggregate_id as AggregateId,
                   o.occurred_at as OccurredAt, d.attempts as Attempts, d.dead as Dead, d.last_failed_at as LastFailedAt,
                   d.next_attempt_at as NextAttemptAt, d.last_error as LastError, o.payload::text as Payload
            from bus.deliveries d join bus.outbox o on o.id = d.event_id
            where d.attempts > 0 and (d.dead or not @DeadOnly)
            order by d.last_failed_at desc
            limit @Limit
            """,
            new { DeadOnly = deadOnly, Limit = Math.Clamp(limit, 1, 500) }, cancellationToken: ct));
        return [.. rows];
    }

    /// <summary>Gives a dead delivery one more attempt now; false when there is no such dead delivery.</summary>
    public async Task<bool> RetryAsync(Guid eventId, string handler, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var retried = await conn.ExecuteAsync(new CommandDefinition(
            """
            update bus.deliveries set dead = false, next_attempt_at = now()
            where event_id = @EventId and handler = @Handler and dead
            """,
            new { EventId = eventId, Handler = handler }, cancellationToken: ct)) == 1;
        if (retried)
        {
            lanes.Wake(handler);
        }
        return retried;
    }
}
