using Crm.Modules.Inbox.Mail;
using Quartz;

namespace Crm.Modules.Inbox.Jobs;

/// <summary>Looks every <see cref="Tick"/> for shared mailboxes that are due and reads them (see <see cref="MailboxPoller"/>).</summary>
[DisallowConcurrentExecution]
internal sealed class MailboxPollJob(MailboxPoller poller) : IJob
{
    public static readonly JobKey Key = new("mailbox-poll", "inbox");

    /// <summary>How often due mailboxes are looked for (how soon a mailbox just added or fixed is read).</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await poller.PollDueAsync(cancellationToken);
}
