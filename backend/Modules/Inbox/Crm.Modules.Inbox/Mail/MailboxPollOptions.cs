namespace Crm.Modules.Inbox.Mail;

/// <summary>How often the shared mailboxes are read, and how a failing one is retried (section <c>Inbox:Mail</c>).</summary>
internal sealed class MailboxPollOptions
{
    public const string Section = "Inbox:Mail";

    /// <summary>A mailbox that was read is read again this long after.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After a failure that passes (the network, a timeout), the first retry waits this long; each next one twice as long.</summary>
    public TimeSpan RetryFirst { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries never wait longer than this.</summary>
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// An instance reading a mailbox holds it this long, renewed with every page stored; one that died
    /// while reading leaves it to the others after this.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
}
