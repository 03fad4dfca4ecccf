using Crm.BuildingBlocks.Abstractions;

namespace Crm.BuildingBlocks.Events;

/// <summary>Publishes an integration event in the current command's transaction (the outbox).</summary>
public interface IEventPublisher
{
    ValueTask PublishAsync<TEvent>(TEvent integrationEvent, CancellationToken ct = default) where TEvent : IntegrationEvent;
}
