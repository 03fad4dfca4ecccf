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
/// Delivers a batch of one handler's due deliveries in one transaction. The claim is the row lock
/// (<c>for update skip locked</c>), held until the commit that also deletes the delivery and writes
/// the inbox row with the handler's effects: exactly once, and a crashed instance's claims vanish
/// with its connection. A delivery waits while an earlier one of the same aggregate is pending for
/// the same handler, so a handler sees one aggregate's events in commit order. A failing delivery
/// rolls back alone (its own savepoint) and is retried later, or left dead.
/// </summary>
public sealed class EventDelivery(
    IServiceScopeFactory scopes,
    BusConnections dataSource,
    EventRegistry registry,
    BusMetrics metrics,
    TimeProvider clock,
    IOptions<BusOptions> options,
    ILogger<EventDelivery> logger)
{
    private BusOptions Options => options.Value;

    /// <summary>
    /// Delivers up to a batch of the handler's due deliveries; true when there may be more. That is after any
    /// delivery, not only a full batch: a batch takes one event of an aggregate at most (the next waits for it),
    /// so a short batch may leave the next events of its aggregates due, with no new wake to bring them.
    /// </summary>
    public async Task<bool> DeliverBatchAsync(string handler, CancellationToken ct) =>
        await DeliverCountAsync(handler, ct) > 0;

    /// <summary>Delivers up to a batch of the handler's due deliveries; how many it delivered.</summary>
    internal Task<int> DeliverCountAsync(string handler, CancellationToken ct) => DeliverAsync(handler, Options.BatchSize, ct);

    /// <summary>Delivers everything due to every handler, lane by lane (tests and tools; the workers do this in the app).</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        foreach (var handler in registry.HandlerNames)
        {
            while (await DeliverBatchAsync(handler, ct))
            {
            }
        }
    }

    private async Task<int> DeliverAsync(string handler, int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (registry.TakesOneBatchAtATime(handler))
        {
            // Another instance's batch of this lane, if any, commits first; the claim below then sees what is left.
            await conn.ExecuteAsync(new CommandDefinition(
                "select pg_advisory_xact_lock(hashtextextended('bus lane ' || @Handler, 0))",
                new { Handler = handler }, tx, cancellationToken: ct));
        }
        var due = (await conn.QueryAsync<Due>(new CommandDefinition(
            """
            -- A lane's due deliveries in seq order are the head of its key (handler, seq). The table
            -- swings from empty to thousands of rows within seconds, faster than statistics follow;
            -- planned from an empty table's statistics, a claim read and sorted the whole backlog each
            -- time (quadratic under a burst). Without sorts and bitmap scans only the ordered index
            -- walk is left, whatever the statistics say; the settings end with the statement.
            set local enable_sort = off;
            set local enable_bitmapscan = off;
            select d.seq as Seq, d.event_id as EventId, d.attempts as Attempts, d.event_type as EventType,
                   o.payload::text as Payload, o.occurred_at as OccurredAt, coalesce(i.handled, false) as Handled
            from bus.deliveries d
            join bus.outbox o on o.id = d.event_id
            -- A lookup per claimed row (an EXISTS here was planned as a hash of the whole inbox per batch).
            left join lateral (
                select true as handled from bus.inbox i where i.event_id = d.event_id and i.handler = d.handler limit 1
            ) i on true
            where d.handler = @Handler and not d.dead and d.next_attempt_at <= now()
              and not exists (
                  select 1 from bus.deliveries p
                  where p.handler = d.handler and p.aggregate_id = d.aggregate_id and p.seq < d.seq and not p.dead)
            order by d.seq
            limit @Limit
            for update of d skip locked;
            set local enable_sort to default;
            set local enable_bitmapscan to default;
            """,
            new { Handler = handler, Limit = limit }, tx, cancellationToken: ct))).ToList();
        if (due.Count == 0)
        {
            await tx.RollbackAsync(ct);
            return 0;
        }

        // Handlers rarely fail, so the batch first runs under one savepoint; only when one of them
        // throws is it rolled back and run again a delivery at a time, each under its own savepoint,
        // so the failing one rolls back alone (it has then run twice: only the second failure counts
        // as an attempt). Two savepoint round trips per batch instead of two per delivery.
        var (handled, afterCommit) = await DeliverTogetherAsync(handler, due, conn, tx, ct)
            ?? await DeliverOneByOneAsync(handler, due, conn, tx, ct);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            with done as (delete from bus.deliveries where handler = @Handler and seq = any(@Seqs) returning event_id, handler)
            insert into bus.inbox (event_id, handler) select event_id, handler from done on conflict do nothing
            """,
            new { Handler = handler, Seqs = handled.Select(d => d.Seq).ToArray() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);

        var now = clock.GetUtcNow();
        foreach (var delivery in handled)
        {
            metrics.Delivered(handler, now - delivery.OccurredAt);
        }
        await AfterCommitActions.RunAsync(afterCommit, logger);
        return due.Count;
    }

    /// <returns>The deliveries and their after-commit actions, or null when a handler threw (all rolled back).</returns>
    private async Task<(List<Due>, List<Func<ValueTask>>)?> DeliverTogetherAsync(
        string handler, List<Due> due, NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await tx.SaveAsync("batch", ct);
        var afterCommit = new List<Func<ValueTask>>();
        try
        {
            await PrepareAsync(handler, due, conn, tx, ct);
            foreach (var delivery in due)
            {
                afterCommit.AddRange(await InvokeAsync(handler, delivery, conn, tx, ct));
            }
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            await tx.RollbackAsync("batch", ct);
            return null;
        }
        await tx.ReleaseAsync("batch", ct);
        return (due, afterCommit);
    }

    /// <returns>The deliveries that succeeded and their after-commit actions; the failures are recorded.</returns>
    private async Task<(List<Due>, List<Func<ValueTask>>)> DeliverOneByOneAsync(
        string handler, List<Due> due, NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var handled = new List<Due>();
        var afterCommit = new List<Func<ValueTask>>();
        foreach (var delivery in due)
        {
            await tx.SaveAsync("delivery", ct);
            try
            {
                afterCommit.AddRange(await InvokeAsync(handler, delivery, conn, tx, ct));
                await tx.ReleaseAsync("delivery", ct);
                handled.Add(delivery);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                await tx.RollbackAsync("delivery", ct);
                await tx.ReleaseAsync("delivery", ct);
                await RecordFailureAsync(conn, tx, handler, delivery, ex, ct);
            }
        }
        return (handled, afterCommit);
    }

    /// <summary>
    /// Hands a handler that implements <see cref="IPrepareBatch"/> the batch's events before the first is
    /// delivered, in the batch's transaction (events it cannot read are left to the delivery, which fails them).
    /// </summary>
    private async Task PrepareAsync(string handler, List<Due> due, NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var handlerType = registry.TypeOfHandler(handler);
        if (handlerType is null || !typeof(IPrepareBatch).IsAssignableFrom(handlerType))
        {
            return;
        }
        var events = new List<IntegrationEvent>(due.Count);
        foreach (var delivery in due.Where(d => !d.Handled))
        {
            try
            {
                events.Add(Read(handler, delivery).Event);
            }
            catch (PoisonEventException)
            {
            }
        }
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DbSession>().Join(conn, tx);
        await ((IPrepareBatch)scope.ServiceProvider.GetRequiredService(handlerType)).PrepareBatchAsync(events, ct);
    }

    /// <returns>What the handler asked to run after the commit.</returns>
    private async Task<IReadOnlyList<Func<ValueTask>>> InvokeAsync(
        string handler, Due delivery, NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        // The inbox says the handler took this event already (a delivery made twice, e.g. from the old bus's rows).
        if (delivery.Handled)
        {
            return [];
        }
        var (subscription, integrationEvent) = Read(handler, delivery);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        db.Join(conn, tx);
        await subscription.Invoke(scope.ServiceProvider, integrationEvent, ct);
        return db.TakeAfterCommit();
    }

    /// <summary>The delivery's subscription and event; a <see cref="PoisonEventException"/> when this build cannot take it.</summary>
    private (EventSubscription Subscription, IntegrationEvent Event) Read(string handler, Due delivery)
    {
        var subscription = registry.Find(handler, delivery.EventType)
            ?? throw new PoisonEventException($"{handler} does not take {delivery.EventType} in this build (renamed or removed?)");
        IntegrationEvent integrationEvent;
        try
        {
            integrationEvent = (IntegrationEvent?)JsonSerializer.Deserialize(delivery.Payload, subscription.EventType, EventSerializer.Options)
                ?? throw new JsonException("The payload is null.");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
        {
            throw new PoisonEventException($"The payload of {delivery.EventType} {delivery.EventId} does not read as {subscription.EventType.Name}: {ex.Message}", ex);
        }
        return (subscription, integrationEvent);
    }

    private async Task RecordFailureAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string handler, Due delivery, Exception error, CancellationToken ct)
    {
        var attempts = delivery.Attempts + 1;
        // An event this build cannot read will not read better on the next try: dead at once, for an admin.
        var dead = error is PoisonEventException || attempts >= Options.MaxAttempts;
        var delay = TimeSpan.FromTicks(Math.Min(
            Options.RetryMaxDelay.Ticks,
            Options.RetryBaseDelay.Ticks * (long)Math.Pow(2, Math.Min(attempts - 1, 30))));
        if (dead)
        {
            logger.LogError(error, "Handler {Handler} gave up on event {EventType} {EventId} after {Attempts} attempts",
                handler, delivery.EventType, delivery.EventId, attempts);
        }
        else
        {
            logger.LogWarning(error, "Handler {Handler} failed on event {EventType} {EventId} (attempt {Attempts}); retrying in {Delay}",
                handler, delivery.EventType, delivery.EventId, attempts, delay);
        }
        metrics.Failed(handler, dead);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            update bus.deliveries set attempts = @Attempts, last_error = @Error, last_failed_at = now(),
                next_attempt_at = now() + @Delay, dead = @Dead
            where handler = @Handler and seq = @Seq
            """,
            new { Handler = handler, delivery.Seq, Attempts = attempts, Error = error.ToString(), Delay = delay, Dead = dead }, tx, cancellationToken: ct));
    }

    private sealed record Due(long Seq, Guid EventId, int Attempts, string EventType, string Payload, DateTimeOffset OccurredAt, bool Handled);
}

/// <summary>An event that cannot be handled by this build whatever the retries: unreadable payload, unknown type.</summary>
public sealed class PoisonEventException(string message, Exception? inner = null) : Exception(message, inner);
