using Crm.BuildingBlocks.Abstractions;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// A handler that is handed the events of a batch before the first of them is delivered, in the batch's
/// transaction. For a handler that locks rows the module's commands lock too: delivered one by one, a
/// batch would hold the locks taken for its first events while it waits for the next event's, an order
/// no command follows, and a command and the batch would wait for each other until PostgreSQL kills one
/// of them (a deadlock). Here the handler takes every lock the batch will need first, in the order the
/// commands take them. When a delivery fails, the batch is run again a delivery at a time without this
/// step (a rare path, where a deadlock is retried like any failure).
/// </summary>
public interface IPrepareBatch
{
    /// <param name="batch">The batch's events this build can read, in delivery order.</param>
    ValueTask PrepareBatchAsync(IReadOnlyList<IntegrationEvent> batch, CancellationToken ct);
}
