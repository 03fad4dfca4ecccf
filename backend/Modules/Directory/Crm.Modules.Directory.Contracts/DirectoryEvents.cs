using Crm.BuildingBlocks.Abstractions;

namespace Crm.Modules.Directory.Contracts;

/// <summary>
/// A company of the Lists as other modules copy it, as it is after the change an event tells of.
/// Every company event carries it: a consumer keeps its copy only when <paramref name="Version"/> is
/// newer than the one it has, so the order of delivery, a repeat or a replay changes nothing, and a
/// deletion or a merge is just a newer state (final: a deleted company never comes back).
/// </summary>
/// <param name="CompanyId">The company.</param>
/// <param name="Version">The company's version after the change (directory.companies.version; every published change raises it).</param>
/// <param name="Name">Its name.</param>
/// <param name="ResponsibleId">The user responsible for it.</param>
/// <param name="Deleted">Deleted (soft) by an admin, or merged into another company.</param>
/// <param name="MergedInto">When <paramref name="Deleted"/> by a merge: the company that stayed.</param>
/// <param name="TagIds">Its tags («Теги»: ids of Directory's own catalog, GET /api/directory/tags?kind=company), in order; null in states published before tags existed.</param>
public sealed record CompanyState(
    Guid CompanyId, int Version, string Name, Guid ResponsibleId, bool Deleted, Guid? MergedInto, IReadOnlyList<Guid>? TagIds = null);

/// <summary>
/// A contact of the Lists as other modules copy it, as it is after the change an event tells of;
/// every contact event carries it (see <see cref="CompanyState"/> for how consumers use the version).
/// </summary>
/// <param name="ContactId">The contact.</param>
/// <param name="Version">The contact's version after the change (directory.contacts.version; every published change raises it).</param>
/// <param name="FullName">Its full name.</param>
/// <param name="CompanyId">The company it works for, if any.</param>
/// <param name="ResponsibleId">The user responsible for it.</param>
/// <param name="Deleted">Deleted (soft) by an admin, or merged into another contact.</param>
/// <param name="MergedInto">When <paramref name="Deleted"/> by a merge: the contact that stayed.</param>
/// <param name="TagIds">Its tags («Теги»: ids of Directory's own catalog, GET /api/directory/tags?kind=contact), in order; null in states published before tags existed.</param>
public sealed record ContactState(
    Guid ContactId, int Version, string FullName, Guid? CompanyId, Guid ResponsibleId, bool Deleted, Guid? MergedInto,
    IReadOnlyList<Guid>? TagIds = null);

/// <summary>A company was added to the Lists (by hand, by the API, or from a deal form through the same POST and its duplicate rules).</summary>
public sealed record CompanyCreated(CompanyState Company, Guid CreatedBy) : IntegrationEvent, IStateEvent<CompanyState>
{
    CompanyState IStateEvent<CompanyState>.State => Company;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Company.CompanyId, Company.Version);
}

/// <summary>A company's details changed (name, responsible, phones, ...); subscribers keep what they copy of it.</summary>
public sealed record CompanyUpdated(CompanyState Company, Guid UpdatedBy) : IntegrationEvent, IStateEvent<CompanyState>
{
    CompanyState IStateEvent<CompanyState>.State => Company;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Company.CompanyId, Company.Version);
}

/// <summary>
/// The admin merged a company into <paramref name="Survivor"/>: <see cref="Company"/> is the merged one's
/// final state (deleted, <see cref="CompanyState.MergedInto"/> the survivor), and whatever pointed at it
/// (deals, contacts, tasks, feed) now points at the survivor. <paramref name="Survivor"/> is the survivor's
/// state after the merge (it took the merged one's missing details), to be kept if newer like any other.
/// </summary>
public sealed record CompanyMerged(CompanyState Company, CompanyState Survivor, Guid MergedBy) : IntegrationEvent, IStateEvent<CompanyState>
{
    CompanyState IStateEvent<CompanyState>.State => Company;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Company.CompanyId, Company.Version);
}

/// <summary>A company was deleted (soft; its state says deleted, for good); links to it are dropped.</summary>
public sealed record CompanyDeleted(CompanyState Company, Guid DeletedBy) : IntegrationEvent, IStateEvent<CompanyState>
{
    CompanyState IStateEvent<CompanyState>.State => Company;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Company.CompanyId, Company.Version);
}

/// <summary>
/// A company's current state, published again on request (DirectoryModule.RepublishAsync) for a module
/// added later or a copy being rebuilt; nothing changed. Deleted and merged companies are published too,
/// so a copy learns they are gone. Handled like any other company event: a copy that has this version keeps it.
/// </summary>
public sealed record CompanyRepublished(CompanyState Company) : IntegrationEvent, IStateEvent<CompanyState>
{
    CompanyState IStateEvent<CompanyState>.State => Company;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Company.CompanyId, Company.Version);
}

/// <summary>A contact was added to the Lists (by hand, by the API, or from a deal form through the same POST and its duplicate rules).</summary>
public sealed record ContactCreated(ContactState Contact, Guid CreatedBy) : IntegrationEvent, IStateEvent<ContactState>
{
    ContactState IStateEvent<ContactState>.State => Contact;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Contact.ContactId, Contact.Version);
}

/// <summary>
/// A contact's details changed (name, company, responsible, ...), by a user or because its company
/// was merged (it moved to the survivor) or deleted (it was left without one).
/// </summary>
public sealed record ContactUpdated(ContactState Contact, Guid UpdatedBy) : IntegrationEvent, IStateEvent<ContactState>
{
    ContactState IStateEvent<ContactState>.State => Contact;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Contact.ContactId, Contact.Version);
}

/// <summary>
/// The admin merged a contact into <paramref name="Survivor"/>: <see cref="Contact"/> is the merged one's
/// final state (deleted, <see cref="ContactState.MergedInto"/> the survivor), and whatever pointed at it
/// (deals, tasks, feed) now points at the survivor. <paramref name="Survivor"/> is the survivor's state
/// after the merge (perhaps with the merged one's company), to be kept if newer like any other.
/// </summary>
public sealed record ContactMerged(ContactState Contact, ContactState Survivor, Guid MergedBy) : IntegrationEvent, IStateEvent<ContactState>
{
    ContactState IStateEvent<ContactState>.State => Contact;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Contact.ContactId, Contact.Version);
}

/// <summary>A contact was deleted (soft; its state says deleted, for good); links to it are dropped.</summary>
public sealed record ContactDeleted(ContactState Contact, Guid DeletedBy) : IntegrationEvent, IStateEvent<ContactState>
{
    ContactState IStateEvent<ContactState>.State => Contact;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Contact.ContactId, Contact.Version);
}

/// <summary>
/// A contact's current state, published again on request (DirectoryModule.RepublishAsync); nothing
/// changed. Deleted and merged contacts are published too. Handled like any other contact event.
/// </summary>
public sealed record ContactRepublished(ContactState Contact) : IntegrationEvent, IStateEvent<ContactState>
{
    ContactState IStateEvent<ContactState>.State => Contact;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Contact.ContactId, Contact.Version);
}

/// <summary>
/// Directory filed the contact and company of a request accepted in Inbox: each found in the Lists (a live
/// contact sharing a phone or an e-mail with the request; a live company of the same name) or added, the
/// acceptor's then. Null when the request named none (no company) or nothing could be filed. Deals links
/// them to the request's deal (<paramref name="DealId"/>). One per request: its aggregate is the request.
/// </summary>
/// <param name="RequestId">The accepted request (Inbox).</param>
/// <param name="DealId">Its deal (Deals).</param>
/// <param name="Contact">The contact, as it is now.</param>
/// <param name="Company">The company, as it is now.</param>
/// <param name="AcceptedBy">Who accepted the request.</param>
public sealed record RequestContactsFiled(Guid RequestId, Guid DealId, ContactState? Contact, CompanyState? Company, Guid AcceptedBy)
    : IntegrationEvent
{
    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(RequestId, 1);
}

/// <summary>
/// Directory filed the clients of a batch of imported deals (Deals' DealsImported), each by the same rules as a
/// request's: a live contact sharing a phone or an e-mail, a live company of the same name, else added (the
/// deal's responsible's). Deals links them to the deals. One per batch: its aggregate is the import.
/// </summary>
/// <param name="ImportId">The deals import.</param>
/// <param name="FirstRow">The batch's first row (DealsImported's).</param>
/// <param name="ImportedBy">Who ran the import.</param>
/// <param name="Deals">Each deal with its contact and company as they are now (null when none was named).</param>
public sealed record DealClientsFiled(Guid ImportId, int FirstRow, Guid ImportedBy, IReadOnlyList<FiledClientState> Deals) : IntegrationEvent
{
    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(ImportId, FirstRow);
}

/// <summary>The client Directory filed for an imported deal (carried by <see cref="DealClientsFiled"/>; no event of its own).</summary>
/// <param name="DealId">The deal (Deals).</param>
/// <param name="Contact">The contact, as it is now.</param>
/// <param name="Company">The company, as it is now.</param>
public sealed record FiledClientState(Guid DealId, ContactState? Contact, CompanyState? Company);
