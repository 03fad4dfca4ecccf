using Crm.BuildingBlocks.Events;
using Crm.Modules.Inbox.Contracts;
using Crm.Modules.Messaging.Common;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// A new request in «Неразобранное» becomes a notification of each user Inbox announced it to (the
/// managers of its region, or everyone), linking to the request.
/// </summary>
internal sealed class NotifyRequestArrived(Notifications notifications) : IIntegrationEventHandler<InboxRequestAnnounced>
{
    public async ValueTask Handle(InboxRequestAnnounced announced, CancellationToken ct)
    {
        var r = announced.Request;
        await notifications.AddManyAsync(announced.Recipients, NotificationKinds.InboxRequest, $"inboxRequest:{r.RequestId}", "request", r.RequestId, new
        {
            pipelineId = r.PipelineId,
            contactName = r.ContactName,
            companyName = r.CompanyName,
            subject = r.Subject,
            region = r.Region,
            source = r.Source,
            inYourRegion = announced.InTheirRegion,
        }, ct);
    }
}
