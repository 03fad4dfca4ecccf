using System.Text;
using MimeKit;
using MimeKit.Text;

namespace Crm.Modules.Inbox.Mail;

/// <summary>
/// Turns a parsed MIME message into an <see cref="IncomingMail"/>: pure, no server, no clock. The body
/// is the first text/plain part that is not an attachment (format=flowed joined up), else the first
/// HTML part reduced to text; every other part is an attachment, its content kept within the caps of
/// <see cref="MailReaderOptions"/>. All text is free of NUL characters (PostgreSQL refuses them).
/// </summary>
internal sealed class MailParser(MailReaderOptions options)
{
    private const string Cut = "\n[…]";

    // .NET knows only Unicode and Latin-1 by itself; mail comes in windows-1251, koi8-r and the rest.
    // MimeKit asks Encoding for them while it parses, so this is done before any mail is parsed: a
    // session makes its parser before it fetches.
    static MailParser() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public MailParser()
        : this(MailReaderOptions.Default)
    {
    }

    /// <param name="listedOnly">Attachments known only from the server's BODYSTRUCTURE (a mail too big to download), added as they are.</param>
    public IncomingMail Parse(MimeMessage message, MailOrigin origin, IReadOnlyList<MailAttachment>? listedOnly = null)
    {
        TextPart? plain = null, html = null;
        var extraText = new List<TextPart>();
        var others = new List<MimeEntity>();
        foreach (var part in message.BodyParts)
        {
            if (part is TextPart text && !text.IsAttachment && (text.IsPlain || text.IsHtml))
            {
                if (text.IsPlain && plain is null)
                {
                    plain = text;
                    continue;
                }
                if (text.IsHtml && html is null)
                {
                    html = text;
                    continue;
                }
                if (text.IsPlain)
                {
                    // A second inline text part (a list footer, a forwarded note) belongs to the text.
                    extraText.Add(text);
                    continue;
                }
            }
            others.Add(part);
        }

        var body = plain is not null ? PlainText(plain) : html is not null ? MailHtml.ToText(html.Text) : "";
        foreach (var extra in extraText)
        {
            body += "\n\n" + PlainText(extra);
        }
        var safeHtml = html is null ? null : MailHtml.Sanitize(html.Text);

        var attachments = new List<MailAttachment>();
        var budget = options.MaxAttachmentBytesPerMessage;
        foreach (var part in others)
        {
            var attachment = Attachment(part, attachments.Count + 1, ref budget);
            if (attachment is not null)
            {
                attachments.Add(attachment);
            }
        }
        if (listedOnly is not null)
        {
            attachments.AddRange(listedOnly);
        }

        return new IncomingMail(
            origin.Uid,
            Id(message.MessageId),
            Id(message.InReplyTo),
            message.References.Select(Clean).Where(r => r.Length > 0).ToList(),
            Addresses(message.From).FirstOrDefault(),
            Addresses(message.ReplyTo),
            Addresses(message.To),
            Addresses(message.Cc),
            Clean(message.Subject ?? ""),
            message.Headers.Contains(HeaderId.Date) ? message.Date : null,
            origin.ReceivedAt,
            Limit(body.Trim(), options.MaxTextChars),
            safeHtml is null || safeHtml.Length > options.MaxHtmlChars ? null : Clean(safeHtml),
            attachments,
            origin.RawSize,
            RawHeaders(message));
    }

    /// <summary>The name of a file as it may be stored and offered for download: no path, no control characters.</summary>
    public static string SafeFileName(string? name, int index, string contentType)
    {
        name ??= "";
        var last = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var cleaned = new string(last.Where(c => !char.IsControl(c)).ToArray()).Trim().Trim('.');
        if (cleaned.Length == 0)
        {
            cleaned = MimeTypes.TryGetExtension(contentType, out var extension) ? $"attachment-{index}{extension}" : $"attachment-{index}";
        }
        return cleaned.Length > 255 ? cleaned[..255] : cleaned;
    }

    private MailAttachment? Attachment(MimeEntity entity, int index, ref long budget)
    {
        var cap = Math.Min(options.MaxAttachmentBytes, budget);
        using var content = new CappedBuffer(cap);
        string? name;
        switch (entity)
        {
            case MimePart part:
                part.Content?.DecodeTo(content);
                name = part.FileName;
                break;
            case MessagePart attached when attached.Message is not null:
                attached.Message.WriteTo(content);
                name = attached.ContentDisposition?.FileName ?? (attached.Message.Subject is { Length: > 0 } s ? s + ".eml" : null);
                break;
            default:
                return null;
        }
        var type = entity.ContentType.MimeType;
        var kept = content.Overflowed ? null : content.ToArray();
        if (kept is not null)
        {
            budget -= kept.Length;
        }
        return new MailAttachment(SafeFileName(name, index, type), Clean(type), content.Length, !entity.IsAttachment, kept);
    }

    private static string PlainText(TextPart part)
    {
        var text = part.Text ?? "";
        if (part.IsFlowed)
        {
            var delsp = part.ContentType.Parameters.TryGetValue("delsp", out string? value) && value.Equals("yes", StringComparison.OrdinalIgnoreCase);
            text = new FlowedToText { DeleteSpace = delsp }.Convert(text);
        }
        return Clean(text.Replace("\r\n", "\n")).TrimEnd();
    }

    private string RawHeaders(MimeMessage message)
    {
        using var buffer = new CappedBuffer(options.MaxHeaderChars * 4L);
        message.Headers.WriteTo(buffer);
        return Limit(Clean(Encoding.UTF8.GetString(buffer.Kept)), options.MaxHeaderChars);
    }

    private static List<MailAddress> Addresses(InternetAddressList list) =>
        list.Mailboxes
            .Where(m => !string.IsNullOrWhiteSpace(m.Address))
            .Select(m => new MailAddress(string.IsNullOrWhiteSpace(m.Name) ? null : Clean(m.Name.Trim()), Clean(m.Address.Trim())))
            .ToList();

    private static string? Id(string? id) => string.IsNullOrWhiteSpace(id) ? null : Clean(id.Trim());

    private static string Limit(string text, int max) => text.Length <= max ? text : text[..max] + Cut;

    private static string Clean(string text) => text.Contains('\0') ? text.Replace("\0", "") : text;
}

/// <summary>Where a mail came from on the server: its UID, size and arrival time (zeros and null when parsed alone).</summary>
internal readonly record struct MailOrigin(uint Uid, long RawSize, DateTimeOffset? ReceivedAt);
