namespace Crm.Modules.Inbox.Mail;

/// <summary>
/// Limits of <see cref="MailboxReader"/> and <see cref="MailParser"/>. The defaults suit a shared
/// mailbox of a sales team; tests turn them down to see them bite.
/// </summary>
internal sealed record MailReaderOptions
{
    public static readonly MailReaderOptions Default = new();

    /// <summary>At most this many mails in one page.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>
    /// A page also ends once the raw sizes of its mails add up to this (it always holds at least one
    /// mail), so a page of big mails does not take hundreds of megabytes.
    /// </summary>
    public long MaxPageBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>
    /// A mail whose raw size is over this is not downloaded whole: only its headers, its text and
    /// HTML bodies and its structure are fetched, its attachments are listed (name, type and size
    /// estimated from the encoded size) without their content.
    /// </summary>
    public long MaxMessageBytes { get; init; } = 25L * 1024 * 1024;

    /// <summary>
    /// Per attachment: an attachment whose decoded size is over this keeps no content (a file cut
    /// short is of no use), only its name, type and size.
    /// </summary>
    public long MaxAttachmentBytes { get; init; } = 5L * 1024 * 1024;

    /// <summary>
    /// Per mail: attachments keep their content in the order they come while the kept bytes add up
    /// to no more than this; the ones after are listed without content.
    /// </summary>
    public long MaxAttachmentBytesPerMessage { get; init; } = 10L * 1024 * 1024;

    /// <summary>The text body is cut after this many characters (a marker says so).</summary>
    public int MaxTextChars { get; init; } = 200_000;

    /// <summary>The sanitised HTML body is dropped (null) when longer than this many characters.</summary>
    public int MaxHtmlChars { get; init; } = 1_000_000;

    /// <summary>The raw header block is cut after this many characters.</summary>
    public int MaxHeaderChars { get; init; } = 64 * 1024;

    /// <summary>Each network read or write (connect, login, a fetch) fails after this long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}
