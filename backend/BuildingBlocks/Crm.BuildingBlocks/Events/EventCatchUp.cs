using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// Read-your-writes across modules. A command that refers to another module's record it has no copy
/// of yet (a task on a deal created a moment ago) asks here before it says "not found": if the
/// owner's events about that record are committed but not yet taken by the handler that keeps the
/// copy, it waits for that handler (which it wakes) and then reads its copy again. The writer pays
/// nothing, and the wait happens only when a copy really lags; any instance may deliver.
/// </summary>
public sealed class EventCatchUp(BusConnections dataSource, EventRegistry registry, HandlerLanes lanes, IOptions<BusOptions> options)
{
    /// <summary>
    /// Waits until the handlers of module <paramref name="module"/> have taken every committed event of
    /// the aggregate (or the timeout passes; dead deliveries do not count); at once when nothing is
    /// pending. The caller then reads its copy again whatever happened here: a delivery may have
    /// finished between the caller's first read and this check, and then nothing is pending although
    /// the copy has just changed.
    /// </summary>
    public async Task WaitAsync(string module, Guid aggregateId, CancellationToken ct)
    {
        var handlers = registry.HandlerNames.Where(h => h.StartsWith(module + ".", StringComparison.Ordinal)).ToArray();
        if (handlers.Length == 0 || !await PendingAsync(handlers, aggregateId, ct))
        {
            return;
        }
        foreach (var handler in handlers)
        {
            lanes.WakeNow(handler);
        }
        var deadline = DateTime.UtcNow + options.Value.CatchUpTimeout;
        var pause = TimeSpan.FromMilliseconds(5);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(pause, ct);
            if (!await PendingAsync(handlers, aggregateId, ct))
            {
                return;
            }
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 100));
        }
    }

    private async Task<bool> PendingAsync(string[] handlers, Guid aggregateId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from bus.deliveries where handler = any(@Handlers) and aggregate_id = @AggregateId and not dead)",
            new { Handlers = handlers, AggregateId = aggregateId }, cancellationToken: ct));
    }
}
