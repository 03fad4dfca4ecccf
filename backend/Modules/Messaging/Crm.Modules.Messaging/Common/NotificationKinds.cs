namespace Crm.Modules.Messaging.Common;

/// <summary>The kinds of notifications; each user may turn any of them off (all are on until then).</summary>
internal static class NotificationKinds
{
    /// <summary>A colleague named you with @ in a card's feed.</summary>
    public const string Mention = "mention";

    /// <summary>A task of yours is due soon (its reminder time came).</summary>
    public const string TaskReminder = "taskReminder";

    /// <summary>A task of yours is past due.</summary>
    public const string TaskOverdue = "taskOverdue";

    /// <summary>A colleague gave you a deal.</summary>
    public const string DealAssigned = "dealAssigned";

    /// <summary>A message to you in a direct conversation or in a private channel of yours.</summary>
    public const string ChatMessage = "chatMessage";

    /// <summary>A new request in «Неразобранное», in your region (or for everyone when nobody covers it).</summary>
    public const string InboxRequest = "inboxRequest";

    public static readonly IReadOnlyList<string> All = [Mention, TaskReminder, TaskOverdue, DealAssigned, ChatMessage, InboxRequest];
}
