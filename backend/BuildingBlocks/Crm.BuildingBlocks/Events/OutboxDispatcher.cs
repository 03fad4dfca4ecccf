using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.BuildingBlocks.Events;

/// <summary>Delivers events the moment their transaction commits; the redelivery job covers the rest.</summary>
internal sealed class OutboxDispatcher(OutboxSignal signal, EventDelivery delivery, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var eventId in signal.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await delivery.DeliverAsync(eventId, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The event stays in the outbox; the redelivery job will take it.
                logger.LogError(ex, "Immediate delivery of event {EventId} failed", eventId);
            }
        }
    }
}
