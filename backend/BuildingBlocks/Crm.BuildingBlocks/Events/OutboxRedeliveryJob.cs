using Quartz;

namespace Crm.BuildingBlocks.Events;

/// <summary>Picks up what immediate delivery missed: a crash after commit, a claim that expired, a retry that is due.</summary>
[DisallowConcurrentExecution]
internal sealed class OutboxRedeliveryJob(EventDelivery delivery) : IJob
{
    public static readonly JobKey Key = new("outbox-redelivery", "bus");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await delivery.DeliverDueAsync(cancellationToken);
}
