using System.Text.Json;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// A request's mails, oldest first: the one it was made of and the client's replies in its thread, each
/// with its attachments (named and sized; <see cref="RequestMailAttachment.Kept"/> when the content can be
/// downloaded). Empty for a request from a form or the API. Read as one JSON column of the request's own
/// select (<see cref="Column"/>), so the request and its mails come from one snapshot: a reply committed
/// meanwhile is either in both (the raised version and the mail) or in neither.
/// </summary>
internal static class RequestMails
{
    /// <summary>The mails as a JSON array, for <c>from inbox.requests r</c>.</summary>
    public const string Column =
        """
        coalesce((
            select json_agg(json_build_object(
                'id', m.id, 'kind', m.kind, 'fromName', m.from_name, 'fromAddress', m.from_address, 'subject', m.subject,
                'text', m.text, 'sentAt', m.sent_at, 'receivedAt', m.received_at,
                'attachments', coalesce((
                    select json_agg(json_build_object(
                        'id', a.id, 'fileName', a.file_name, 'contentType', a.content_type, 'size', a.size, 'inline', a.inline,
                        'kept', a.content is not null) order by a.position)
                    from inbox.mail_attachments a where a.mail_id = m.id), '[]'::json))
                order by m.received_at, m.id)
            from inbox.mails m where m.request_id = r.id), '[]'::json)::text
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<RequestMail> Parse(string json) => JsonSerializer.Deserialize<List<RequestMail>>(json, Json) ?? [];
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
