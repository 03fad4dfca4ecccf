using Crm.BuildingBlocks.Abstractions;

namespace Crm.BuildingBlocks.Events;

/// <summary>Publishes an integration event in the current command's transaction (the outbox).</summary>
public interface IEventPublisher
{
    ValueTask PublishAsync<TEvent>(TEvent integrationEvent, CancellationToken ct = default) where TEvent : IntegrationEvent;

    /// <summary>
    /// Publishes several events in one write (a batch of an import): the same outbox rows and deliveries as
    /// <see cref="PublishAsync{TEvent}"/> once per event, in this order (each subscriber's deliveries numbered so).
    /// </summary>
    ValueTask PublishAllAsync(IReadOnlyList<IntegrationEvent> integrationEvents, CancellationToken ct = default);
}
