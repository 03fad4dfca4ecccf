using Crm.BuildingBlocks.Abstractions;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// A module's reaction to another module's event. It runs in its own scope and transaction
/// (take <see cref="Data.DbSession"/> to write), exactly once per event: the bus records the
/// event id in the same transaction.
/// </summary>
public interface IIntegrationEventHandler<in TEvent> where TEvent : IntegrationEvent
{
    ValueTask Handle(TEvent integrationEvent, CancellationToken ct);
}
