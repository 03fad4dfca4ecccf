using Crm.BuildingBlocks.Events;
using Crm.Modules.Inbox.Contracts;
using Crm.Modules.Messaging.Common;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// An accepted Inbox request in its deal's feed, with everything the client sent (source, name, phones,
/// e-mails, company, subject, message, region, when it came), and the client's later mails in its thread.
/// One lane for both: a request's events come in order.
/// </summary>
internal sealed class TellRequestStory(SystemEntries entries)
    : IIntegrationEventHandler<InboxRequestAccepted>, IIntegrationEventHandler<InboxRequestReplied>
{
    public async ValueTask Handle(InboxRequestAccepted accepted, CancellationToken ct)
    {
        var r = accepted.Request;
        if (r.DealId is not { } deal)
        {
            return;
        }
        await entries.AddAsync(accepted, FeedKinds.Deal, deal, FeedTypes.RequestAccepted, accepted.AcceptedBy, new
        {
            requestId = r.RequestId,
            source = r.Source,
            receivedAt = r.ReceivedAt,
            contactName = r.ContactName,
            phones = r.Phones,
            emails = r.Emails,
            companyName = r.CompanyName,
            subject = r.Subject,
            message = r.Message,
            region = r.Region,
        }, ct);
    }

    public async ValueTask Handle(InboxRequestReplied replied, CancellationToken ct)
    {
        if (replied.Request.DealId is not { } deal)
        {
            return; // before it is accepted, the reply is on the request (Inbox shows it)
        }
        var mail = replied.Reply;
        await entries.AddAsync(replied, FeedKinds.Deal, deal, FeedTypes.RequestReplied, null, new
        {
            requestId = replied.Request.RequestId,
            mailId = mail.MailId,
            fromName = mail.FromName,
            fromAddress = mail.FromAddress,
            subject = mail.Subject,
            text = mail.Text,
            receivedAt = mail.ReceivedAt,
            attachments = mail.Attachments.Select(a => new { fileName = a.FileName, size = a.Size }),
        }, ct);
    }
}
