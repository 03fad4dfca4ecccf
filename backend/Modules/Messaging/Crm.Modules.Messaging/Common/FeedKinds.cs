namespace Crm.Modules.Messaging.Common;

/// <summary>The cards that have a feed (the <c>{kind}</c> of the feed's routes), and the kinds of entries in it.</summary>
internal static class FeedKinds
{
    public const string Deal = "deal";
    public const string Company = "company";
    public const string Contact = "contact";

    public static readonly IReadOnlyList<string> Subjects = [Deal, Company, Contact];

    /// <summary>Written by a user in the card, for everyone who opens it.</summary>
    public const string Note = "note";

    /// <summary>Written by a user in the card to colleagues named with @: each gets a notification.</summary>
    public const string Message = "message";

    /// <summary>Made from another module's event: what happened to the record, in a manager's words.</summary>
    public const string System = "system";

    /// <summary>The <c>filter</c> values of the feed: its entry kinds in the plural.</summary>
    public static readonly IReadOnlyDictionary<string, string> Filters = new Dictionary<string, string>
    {
        ["notes"] = Note,
        ["messages"] = Message,
        ["system"] = System,
    };
}

/// <summary>
/// The types of system entries (the <c>type</c> of an entry whose kind is system; a note's and a
/// message's type is their kind). What each one's <c>data</c> holds is in docs/messaging-api.md.
/// </summary>
internal static class FeedTypes
{
    public const string DealCreated = "deal.created";
    public const string DealStageChanged = "deal.stageChanged";
    public const string DealAssigned = "deal.assigned";
    public const string DealWon = "deal.won";
    public const string DealLost = "deal.lost";
    public const string DealRenamed = "deal.renamed";
    public const string DealBudgetChanged = "deal.budgetChanged";
    public const string DealCompanyLinked = "deal.companyLinked";
    public const string DealCompanyUnlinked = "deal.companyUnlinked";
    public const string DealContactsLinked = "deal.contactsLinked";
    public const string DealContactsUnlinked = "deal.contactsUnlinked";
    public const string DealDeleted = "deal.deleted";

    /// <summary>On a company's or contact's feed: it was linked to a deal.</summary>
    public const string LinkedToDeal = "linkedToDeal";

    public const string TaskCreated = "task.created";
    public const string TaskCompleted = "task.completed";
    public const string TaskRescheduled = "task.rescheduled";
    public const string TaskReassigned = "task.reassigned";

    public const string RequestAccepted = "request.accepted";
    public const string RequestReplied = "request.replied";
}
