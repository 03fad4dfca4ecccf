using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Inbox.Contracts;
using Dapper;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// Files a request in its pipeline's «Неразобранное», whichever way it came (a form, a mail, the API):
/// the pipeline must take requests (<see cref="TargetPipelines"/>); phones become E.164 and e-mails
/// lower case, each once; the region is the one given, else the phone's; texts are trimmed and cut to
/// their limits. Publishes <see cref="InboxRequestReceived"/>
/// and, once committed, shows the request on every open board of the pipeline and announces it to
/// the managers of its region (or everyone).
/// </summary>
internal sealed class NewRequest(DbSession db, IEventPublisher events, EventCatchUp catchUp, LiveInbox live, TimeProvider clock)
{
    /// <param name="id">The request's id when the caller has given it one already (a mail records it first), else a new one.</param>
    public async Task<RequestRow> FileAsync(IncomingRequest incoming, CancellationToken ct, Guid? id = null)
    {
        var conn = await db.ConnectionAsync(ct);
        await TargetPipelines.EnsureAsync(conn, catchUp, incoming.PipelineId, ct);
        var phones = RequestRules.NormalPhones(incoming.Phones);
        var requestId = id ?? Guid.CreateVersion7();
        await conn.ExecuteAsync(
            """
            insert into inbox.requests (id, source, pipeline_id, received_at, contact_name, phones, emails, company_name, subject,
                message, region, raw, raw_type, received_by)
            values (@Id, @Source, @PipelineId, @Now, @ContactName, @Phones, @Emails, @CompanyName, @Subject,
                @Message, @Region, @Raw, @RawType, @ReceivedBy)
            """,
            new
            {
                Id = requestId,
                incoming.Source,
                incoming.PipelineId,
                Now = clock.GetUtcNow(),
                ContactName = RequestRules.Clean(incoming.ContactName, RequestRules.NameMaxLength) ?? "",
                Phones = phones,
                Emails = RequestRules.NormalEmails(incoming.Emails),
                CompanyName = RequestRules.Clean(incoming.CompanyName, RequestRules.NameMaxLength),
                Subject = RequestRules.Clean(incoming.Subject, RequestRules.SubjectMaxLength),
                Message = RequestRules.Clean(incoming.Message, RequestRules.MessageMaxLength) ?? "",
                Region = RequestRules.Clean(incoming.Region, RequestRules.RegionMaxLength) ?? PhoneRegions.Of(phones),
                incoming.Raw,
                incoming.RawType,
                incoming.ReceivedBy,
            });
        var request = await Requests.GetAsync(conn, requestId);
        await events.PublishAsync(new InboxRequestReceived(request.ToState()), ct);
        live.Changed(request);
        await live.AnnounceAsync(request, ct);
        return request;
    }
}
