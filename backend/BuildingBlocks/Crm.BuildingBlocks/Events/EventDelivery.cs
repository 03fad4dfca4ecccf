using System.Diagnostics.Metrics;
using System.Text.Json;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// Delivers one outbox event to each of its subscribers, each in its own transaction together
/// with its inbox row, so that a handler runs once per event however often the event is
/// delivered, and one handler's failure neither blocks nor undoes the others.
/// </summary>
public sealed class EventDelivery(
    IServiceScopeFactory scopes,
    NpgsqlDataSource dataSource,
    EventRegistry registry,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<BusOptions> options,
    ILogger<EventDelivery> logger)
{
    private static readonly Meter Meter = new("Crm.Bus");
    private static readonly Histogram<double> Lag = Meter.CreateHistogram<double>(
        "crm.bus.delivery_lag", "ms", "From the event's publication (OccurredAt) to its handler's commit");

    private BusOptions Options => options.Value;

    /// <summary>Delivers every event that is due: never delivered, or a failed handler's retry time has come.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var due = await conn.QueryAsync<Guid>(new CommandDefinition(
            """
            select id from bus.outbox
            where processed_at is null and next_attempt_at <= @Now
              and (locked_until is null or locked_until < @Now)
            order by next_attempt_at
            limit 500
            """,
            new { Now = clock.GetUtcNow() },
            cancellationToken: ct));
        var delivered = 0;
        foreach (var id in due)
        {
            if (await DeliverAsync(id, ct))
            {
                delivered++;
            }
        }
        return delivered;
    }

    /// <summary>Delivers one event if no other instance holds it; false when there was nothing to do.</summary>
    public async Task<bool> DeliverAsync(Guid eventId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var now = clock.GetUtcNow();
        var row = await conn.QuerySingleOrDefaultAsync<OutboxRow>(new CommandDefinition(
            """
            update bus.outbox set locked_until = @Until
            where id = @Id and processed_at is null and (locked_until is null or locked_until < @Now)
            returning id as Id, event_type as EventType, payload::text as Payload, occurred_at as OccurredAt
            """,
            new { Id = eventId, Now = now, Until = now + Options.ClaimDuration },
            cancellationToken: ct));
        if (row is null)
        {
            return false;
        }

        var handled = (await conn.QueryAsync<string>(
            "select handler from bus.inbox where event_id = @Id", new { row.Id })).ToHashSet();
        var failures = (await conn.QueryAsync<FailureRow>(
            "select handler as Handler, attempts as Attempts, next_attempt_at as NextAttemptAt, dead as Dead from bus.failures where event_id = @Id",
            new { row.Id })).ToDictionary(f => f.Handler);

        DateTimeOffset? retryAt = null;
        IntegrationEvent? integrationEvent = null;
        foreach (var subscription in registry.SubscribersOf(row.EventType))
        {
            if (handled.Contains(subscription.HandlerName))
            {
                continue;
            }
            var failure = failures.GetValueOrDefault(subscription.HandlerName);
            if (failure is { Dead: true })
            {
                continue;
            }
            if (failure is not null && failure.NextAttemptAt > now)
            {
                retryAt = Earliest(retryAt, failure.NextAttemptAt);
                continue;
            }
            integrationEvent ??= (IntegrationEvent)JsonSerializer.Deserialize(row.Payload, subscription.EventType, EventSerializer.Options)!;
            var nextAttempt = await InvokeAsync(subscription, integrationEvent, row, failure?.Attempts ?? 0, ct);
            if (nextAttempt is { } next)
            {
                retryAt = Earliest(retryAt, next);
            }
        }

        await conn.ExecuteAsync(new CommandDefinition(
            retryAt is null
                ? "update bus.outbox set processed_at = @Now, locked_until = null where id = @Id"
                : "update bus.outbox set next_attempt_at = @RetryAt, locked_until = null where id = @Id",
            new { row.Id, Now = clock.GetUtcNow(), RetryAt = retryAt },
            cancellationToken: CancellationToken.None));
        return true;
    }

    /// <returns>When to try this handler again, or null when it is done (handled or dead).</returns>
    private async Task<DateTimeOffset?> InvokeAsync(
        EventSubscription subscription, IntegrationEvent integrationEvent, OutboxRow row, int previousAttempts, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        try
        {
            await db.BeginAsync(ct);
            var conn = await db.ConnectionAsync(ct);
            var claimed = await conn.ExecuteAsync(new CommandDefinition(
                "insert into bus.inbox (event_id, handler) values (@Id, @Handler) on conflict do nothing",
                new { row.Id, Handler = subscription.HandlerName },
                cancellationToken: ct));
            if (claimed == 0)
            {
                await db.RollbackAsync(ct);
                return null;
            }
            await subscription.Invoke(scope.ServiceProvider, integrationEvent, ct);
            await conn.ExecuteAsync(new CommandDefinition(
                "delete from bus.failures where event_id = @Id and handler = @Handler",
                new { row.Id, Handler = subscription.HandlerName },
                cancellationToken: ct));
            var published = await db.CommitAsync(ct);
            signal.Committed(published);
            Lag.Record((clock.GetUtcNow() - row.OccurredAt).TotalMilliseconds, new KeyValuePair<string, object?>("handler", subscription.HandlerName));
            return null;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            await db.RollbackAsync(CancellationToken.None);
            return await RecordFailureAsync(subscription, row, previousAttempts + 1, ex);
        }
    }

    private async Task<DateTimeOffset?> RecordFailureAsync(EventSubscription subscription, OutboxRow row, int attempts, Exception error)
    {
        var now = clock.GetUtcNow();
        var dead = attempts >= Options.MaxAttempts;
        var delay = TimeSpan.FromTicks(Math.Min(
            Options.RetryMaxDelay.Ticks,
            Options.RetryBaseDelay.Ticks * (long)Math.Pow(2, Math.Min(attempts - 1, 30))));
        var nextAttempt = now + delay;
        if (dead)
        {
            logger.LogError(error, "Handler {Handler} gave up on event {EventType} {EventId} after {Attempts} attempts",
                subscription.HandlerName, row.EventType, row.Id, attempts);
        }
        else
        {
            logger.LogWarning(error, "Handler {Handler} failed on event {EventType} {EventId} (attempt {Attempts}); retrying at {NextAttempt}",
                subscription.HandlerName, row.EventType, row.Id, attempts, nextAttempt);
        }
        await using var conn = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await conn.ExecuteAsync(
            """
            insert into bus.failures (event_id, handler, event_type, attempts, last_error, last_failed_at, next_attempt_at, dead)
            values (@Id, @Handler, @EventType, @Attempts, @Error, @Now, @NextAttempt, @Dead)
            on conflict (event_id, handler) do update set
                attempts = excluded.attempts, last_error = excluded.last_error, last_failed_at = excluded.last_failed_at,
                next_attempt_at = excluded.next_attempt_at, dead = excluded.dead
            """,
            new { row.Id, Handler = subscription.HandlerName, row.EventType, Attempts = attempts, Error = error.ToString(), Now = now, NextAttempt = nextAttempt, Dead = dead });
        return dead ? null : nextAttempt;
    }

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    private sealed record OutboxRow(Guid Id, string EventType, string Payload, DateTimeOffset OccurredAt);

    private sealed record FailureRow(string Handler, int Attempts, DateTimeOffset NextAttemptAt, bool Dead);
}
