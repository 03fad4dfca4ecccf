namespace Crm.Modules.Inbox.Mail;

/// <summary>
/// One mail as read from the shared mailbox: what a request (or a reply joining one) is made of.
/// Everything here is text or data, never markup to run: <see cref="Text"/> is plain text, and
/// <see cref="Html"/> (when the mail had HTML) has been through HtmlSanitizer.
/// </summary>
/// <param name="Uid">The mail's IMAP UID in its folder (valid together with the folder's UIDVALIDITY).</param>
/// <param name="MessageId">Message-ID without angle brackets; null when the mail has none.</param>
/// <param name="InReplyTo">In-Reply-To: the Message-ID this mail answers, without angle brackets.</param>
/// <param name="References">References: the thread's Message-IDs, oldest first, without angle brackets.</param>
/// <param name="Date">The Date header (the sender's clock); null when missing.</param>
/// <param name="ReceivedAt">When the server took the mail (IMAP INTERNALDATE); null from the parser alone.</param>
/// <param name="Text">The body as plain text: text/plain preferred, else the HTML reduced to text.</param>
/// <param name="Html">The HTML body sanitised (no scripts, styles, event handlers or images); null when none.</param>
/// <param name="RawSize">The mail's size on the server in bytes (RFC822.SIZE).</param>
/// <param name="RawHeaders">The header block as received (cut at <see cref="MailReaderOptions.MaxHeaderChars"/>).</param>
internal sealed record IncomingMail(
    uint Uid,
    string? MessageId,
    string? InReplyTo,
    IReadOnlyList<string> References,
    MailAddress? From,
    IReadOnlyList<MailAddress> ReplyTo,
    IReadOnlyList<MailAddress> To,
    IReadOnlyList<MailAddress> Cc,
    string Subject,
    DateTimeOffset? Date,
    DateTimeOffset? ReceivedAt,
    string Text,
    string? Html,
    IReadOnlyList<MailAttachment> Attachments,
    long RawSize,
    string RawHeaders);

/// <summary>A mailbox in a mail's From, Reply-To, To or Cc: the display name (null when none) and the address.</summary>
internal sealed record MailAddress(string? Name, string Address);

/// <summary>
/// An attachment (or an inline part that is not the body: an image, an attached mail). <see cref="Size"/>
/// is the decoded size in bytes, always given (an estimate from the encoded size when the mail was too
/// big to download, see <see cref="MailReaderOptions.MaxMessageBytes"/>); <see cref="Content"/> is null
/// when it was over a cap (see <see cref="MailReaderOptions"/>).
/// </summary>
internal sealed record MailAttachment(string FileName, string ContentType, long Size, bool Inline, byte[]? Content)
{
    public bool ContentKept => Content is not null;
}

/// <summary>
/// One page of a folder: its UIDVALIDITY and the mails after the asked UID, in UID order.
/// </summary>
/// <param name="LastUid">The UID to ask for mails after next time: the last mail's, or the asked one when the page is empty.</param>
/// <param name="More">True when more mails were already there past this page: ask again at once.</param>
internal sealed record MailPage(uint UidValidity, IReadOnlyList<IncomingMail> Mails, uint LastUid, bool More);
