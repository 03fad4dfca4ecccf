using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Inbox.Common;
using Crm.Modules.Inbox.Contracts;
using Dapper;

namespace Crm.Modules.Inbox.Mail;

/// <summary>
/// Takes one mail read from a shared mailbox, in the poller's transaction: a mail in the thread of a known
/// one (In-Reply-To, else References, newest first) is added to that request as a reply; any other becomes
/// a new request in the mailbox's pipeline (the sender's name and addresses, the phones its text gives, the
/// subject, the text; the raw payload is the header block as received and the text). Its row in inbox.mails,
/// unique by (mailbox, UIDVALIDITY, UID) and by Message-ID, is written first: a mail another poller has
/// taken, or the same mail delivered twice, is skipped. Mails the server had for a week before the mailbox
/// was connected are skipped too (a mailbox of years is not a backlog of requests).
/// </summary>
internal sealed class MailIntake(DbSession db, NewRequest requests, IEventPublisher events, LiveInbox live, TimeProvider clock)
{
    /// <summary>How far back, from the moment it was connected, a mailbox's mails are taken.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(7);

    private const int MaxThreadIds = 50;

    public async Task<bool> TakeAsync(MailboxRow mailbox, uint uidValidity, IncomingMail mail, CancellationToken ct)
    {
        var receivedAt = mail.ReceivedAt ?? mail.Date ?? clock.GetUtcNow();
        if (receivedAt < mailbox.CreatedAt - History)
        {
            return false;
        }
        var conn = await db.ConnectionAsync(ct);
        var thread = await ThreadAsync(mail, ct);
        var mailId = Guid.CreateVersion7();
        var requestId = thread ?? Guid.CreateVersion7();
        var recorded = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            """
            insert into inbox.mails (id, mailbox_id, uid_validity, uid, message_id, request_id, kind, from_name, from_address, subject, text,
                sent_at, received_at, raw_size)
            values (@MailId, @MailboxId, @UidValidity, @Uid, @MessageId, @RequestId, @Kind, @FromName, @FromAddress, @Subject, @Text,
                @SentAt, @ReceivedAt, @RawSize)
            on conflict do nothing
            returning id
            """,
            new
            {
                MailId = mailId,
                MailboxId = mailbox.Id,
                UidValidity = (long)uidValidity,
                Uid = (long)mail.Uid,
                mail.MessageId,
                RequestId = requestId,
                Kind = thread is null ? "request" : "reply",
                FromName = mail.From?.Name,
                FromAddress = mail.From?.Address.ToLowerInvariant(),
                mail.Subject,
                mail.Text,
                SentAt = mail.Date,
                ReceivedAt = receivedAt,
                mail.RawSize,
            },
            cancellationToken: ct));
        if (recorded is null)
        {
            return false;
        }
        await KeepAttachmentsAsync(mailId, mail, ct);
        if (thread is null)
        {
            await requests.FileAsync(Incoming(mailbox, mail), ct, requestId);
        }
        else
        {
            await AddReplyAsync(requestId, mailId, mail, receivedAt, ct);
        }
        return true;
    }

    /// <summary>The request whose thread the mail is in: the one a mail it answers belongs to, the nearest first.</summary>
    private async Task<Guid?> ThreadAsync(IncomingMail mail, CancellationToken ct)
    {
        var ids = new[] { mail.InReplyTo }.Concat(mail.References.Reverse())
            .OfType<string>().Where(id => id != mail.MessageId).Distinct().Take(MaxThreadIds).ToArray();
        if (ids.Length == 0)
        {
            return null;
        }
        return await (await db.ConnectionAsync(ct)).ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "select request_id from inbox.mails where message_id = any(@ids) order by array_position(@ids, message_id) limit 1",
            new { ids },
            cancellationToken: ct));
    }

    private async Task KeepAttachmentsAsync(Guid mailId, IncomingMail mail, CancellationToken ct)
    {
        if (mail.Attachments.Count == 0)
        {
            return;
        }
        await (await db.ConnectionAsync(ct)).ExecuteAsync(new CommandDefinition(
            """
            insert into inbox.mail_attachments (id, mail_id, position, file_name, content_type, size, inline, content)
            values (@Id, @MailId, @Position, @FileName, @ContentType, @Size, @Inline, @Content)
            """,
            mail.Attachments.Select((a, i) => new
            {
                Id = Guid.CreateVersion7(),
                MailId = mailId,
                Position = i,
                a.FileName,
                a.ContentType,
                a.Size,
                a.Inline,
                a.Content,
            }),
            cancellationToken: ct));
    }

    private async Task AddReplyAsync(Guid requestId, Guid mailId, IncomingMail mail, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update inbox.requests set version = version + 1 where id = @requestId", new { requestId }, cancellationToken: ct));
        var request = await Requests.GetAsync(conn, requestId);
        var reply = new RequestMailState(
            mailId,
            mail.From?.Name,
            mail.From?.Address.ToLowerInvariant(),
            mail.Subject,
            RequestRules.Clean(mail.Text, RequestRules.MessageMaxLength) ?? "",
            receivedAt,
            mail.Attachments.Select(a => new RequestMailAttachmentState(a.FileName, a.Size)).ToList());
        await events.PublishAsync(new InboxRequestReplied(request.ToState(), reply), ct);
        live.Changed(request);
    }

    private static IncomingRequest Incoming(MailboxRow mailbox, IncomingMail mail) => new(
        RequestSources.Mail,
        mailbox.PipelineId,
        mail.From?.Name,
        MailPhones.Find(mail.Text),
        new[] { mail.From }.Concat(mail.ReplyTo).Select(a => a?.Address).ToList(),
        null,
        mail.Subject,
        mail.Text,
        null,
        mail.RawHeaders + "\r\n" + mail.Text,
        "message/rfc822",
        null);
}
