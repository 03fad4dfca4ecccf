using System.Data;
using Dapper;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// A request's mails, oldest first: the one it was made of and the client's replies in its thread, each
/// with its attachments (named and sized; <see cref="RequestMailAttachment.Kept"/> when the content can be
/// downloaded). Empty for a request from a form or the API.
/// </summary>
internal static class RequestMails
{
    private sealed record MailRow(
        Guid Id, string Kind, string? FromName, string? FromAddress, string Subject, string Text, DateTimeOffset? SentAt, DateTimeOffset ReceivedAt);

    private sealed record AttachmentRow(Guid Id, Guid MailId, string FileName, string ContentType, long Size, bool Inline, bool Kept);

    public static async Task<IReadOnlyList<RequestMail>> OfAsync(IDbConnection conn, Guid requestId, CancellationToken ct)
    {
        var mails = (await conn.QueryAsync<MailRow>(new CommandDefinition(
            """
            select id as Id, kind as Kind, from_name as FromName, from_address as FromAddress, subject as Subject, text as Text,
                sent_at as SentAt, received_at as ReceivedAt
            from inbox.mails where request_id = @requestId order by received_at, id
            """,
            new { requestId },
            cancellationToken: ct))).AsList();
        if (mails.Count == 0)
        {
            return [];
        }
        var attachments = (await conn.QueryAsync<AttachmentRow>(new CommandDefinition(
            """
            select id as Id, mail_id as MailId, file_name as FileName, content_type as ContentType, size as Size, inline as Inline,
                content is not null as Kept
            from inbox.mail_attachments where mail_id = any(@ids) order by mail_id, position
            """,
            new { ids = mails.Select(m => m.Id).ToArray() },
            cancellationToken: ct))).ToLookup(a => a.MailId);
        return mails.Select(m => new RequestMail(
                m.Id, m.Kind, m.FromName, m.FromAddress, m.Subject, m.Text, m.SentAt, m.ReceivedAt,
                attachments[m.Id].Select(a => new RequestMailAttachment(a.Id, a.FileName, a.ContentType, a.Size, a.Inline, a.Kept)).ToList()))
            .ToList();
    }
}

/// <summary>A mail of a request: <see cref="Kind"/> "request" (the one it was made of) or "reply" (the client wrote again in its thread).</summary>
internal sealed record RequestMail(
    Guid Id,
    string Kind,
    string? FromName,
    string? FromAddress,
    string Subject,
    string Text,
    DateTimeOffset? SentAt,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<RequestMailAttachment> Attachments);

/// <summary>An attachment of a request's mail; its content is downloadable when <see cref="Kept"/>.</summary>
internal sealed record RequestMailAttachment(Guid Id, string FileName, string ContentType, long Size, bool Inline, bool Kept);
