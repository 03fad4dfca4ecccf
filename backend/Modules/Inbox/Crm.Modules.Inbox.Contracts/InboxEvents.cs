using Crm.BuildingBlocks.Abstractions;

namespace Crm.Modules.Inbox.Contracts;

/// <summary>Where a request came from (the values of <see cref="RequestState.Source"/>).</summary>
public static class RequestSources
{
    /// <summary>A web form on the company's site (the snippet an admin pasted there).</summary>
    public const string Form = "form";

    /// <summary>The shared mailbox: one mail, or the first mail of a thread.</summary>
    public const string Mail = "mail";

    /// <summary>An integration, with a personal API token (or a user by hand).</summary>
    public const string Api = "api";
}

/// <summary>What became of a request (the values of <see cref="RequestState.Status"/>).</summary>
public static class RequestStatuses
{
    /// <summary>In «Неразобранное»: nobody's yet, seen by everyone.</summary>
    public const string New = "new";

    /// <summary>Taken by a manager: a deal was opened for it (final).</summary>
    public const string Accepted = "accepted";

    /// <summary>Turned down; an admin may restore it to new.</summary>
    public const string Declined = "declined";
}

/// <summary>
/// A request as other modules copy it, as it is after the change an event tells of. A consumer keeps
/// its copy only when <paramref name="Version"/> is newer than the one it has.
/// </summary>
/// <param name="RequestId">The request. An accepted request's deal has the same id.</param>
/// <param name="Version">The request's version after the change (inbox.requests.version).</param>
/// <param name="Source">One of <see cref="RequestSources"/>.</param>
/// <param name="PipelineId">The pipeline whose «Неразобранное» it waits in.</param>
/// <param name="Status">One of <see cref="RequestStatuses"/>.</param>
/// <param name="ReceivedAt">When it arrived (UTC).</param>
/// <param name="ContactName">Who wrote, as they gave their name (may be empty).</param>
/// <param name="Phones">Their phones, E.164.</param>
/// <param name="Emails">Their e-mails, lower case.</param>
/// <param name="CompanyName">Their company, as they gave it.</param>
/// <param name="Subject">The subject (a mail's, or the form's name).</param>
/// <param name="Message">What they wrote, as plain text.</param>
/// <param name="Region">The region: given by the form, else the phone's, else null.</param>
/// <param name="DecidedBy">Who accepted or declined it.</param>
/// <param name="DecidedAt">When (UTC).</param>
/// <param name="DeclineReason">Why it was declined, if said.</param>
/// <param name="DealId">The deal opened for it, once accepted.</param>
public sealed record RequestState(
    Guid RequestId,
    int Version,
    string Source,
    Guid PipelineId,
    string Status,
    DateTimeOffset ReceivedAt,
    string ContactName,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> Emails,
    string? CompanyName,
    string? Subject,
    string Message,
    string? Region,
    Guid? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DeclineReason,
    Guid? DealId);

/// <summary>A request arrived in a pipeline's «Неразобранное» (from a form, the mailbox or the API).</summary>
public sealed record InboxRequestReceived(RequestState Request) : IntegrationEvent, IStateEvent<RequestState>
{
    RequestState IStateEvent<RequestState>.State => Request;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Request.RequestId, Request.Version);
}

/// <summary>
/// A manager accepted a request: it is theirs now, and its deal (<see cref="RequestState.DealId"/>, the
/// request's own id) opens in the pipeline's first open stage with them responsible (Deals), its contact
/// and company filed in the Lists, found or added, theirs when added (Directory).
/// </summary>
public sealed record InboxRequestAccepted(RequestState Request, Guid AcceptedBy) : IntegrationEvent, IStateEvent<RequestState>
{
    RequestState IStateEvent<RequestState>.State => Request;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Request.RequestId, Request.Version);
}

/// <summary>A manager declined a request, perhaps saying why (<see cref="RequestState.DeclineReason"/>).</summary>
public sealed record InboxRequestDeclined(RequestState Request, Guid DeclinedBy) : IntegrationEvent, IStateEvent<RequestState>
{
    RequestState IStateEvent<RequestState>.State => Request;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Request.RequestId, Request.Version);
}

/// <summary>An admin put a declined request back in «Неразобранное».</summary>
public sealed record InboxRequestRestored(RequestState Request, Guid RestoredBy) : IntegrationEvent, IStateEvent<RequestState>
{
    RequestState IStateEvent<RequestState>.State => Request;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Request.RequestId, Request.Version);
}

/// <summary>A request's current state, published again on request (replay: <c>republish Inbox</c>).</summary>
public sealed record InboxRequestRepublished(RequestState Request) : IntegrationEvent, IStateEvent<RequestState>
{
    RequestState IStateEvent<RequestState>.State => Request;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Request.RequestId, Request.Version);
}

/// <summary>
/// The client wrote again in the thread of a request (a mail whose In-Reply-To or References names one of
/// the request's mails): the mail was added to the request, and to its deal's story once accepted
/// (<see cref="RequestState.DealId"/>). <see cref="RequestState.Version"/> is raised by it.
/// </summary>
public sealed record InboxRequestReplied(RequestState Request, RequestMailState Reply) : IntegrationEvent, IStateEvent<RequestState>
{
    RequestState IStateEvent<RequestState>.State => Request;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Request.RequestId, Request.Version);
}

/// <summary>A client's mail added to a request's thread: who wrote, what, when, and the attachments' names and sizes.</summary>
/// <param name="MailId">The mail (its attachments are read from Inbox's API by this id's request).</param>
/// <param name="FromName">The sender's display name, if the mail gave one.</param>
/// <param name="FromAddress">The sender's address (lower case), if the mail gave one.</param>
/// <param name="Subject">The mail's subject (may be empty).</param>
/// <param name="Text">The mail's text as plain text (HTML reduced to text), cut to the request message's limit.</param>
/// <param name="ReceivedAt">When the mail server took it (UTC).</param>
/// <param name="Attachments">Its attachments, named and sized.</param>
public sealed record RequestMailState(
    Guid MailId,
    string? FromName,
    string? FromAddress,
    string Subject,
    string Text,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<RequestMailAttachmentState> Attachments);

/// <summary>An attachment of a reply: its file name and decoded size in bytes.</summary>
public sealed record RequestMailAttachmentState(string FileName, long Size);

/// <summary>
/// A new request was announced to <see cref="Recipients"/>: the active users who cover its region
/// (<see cref="InTheirRegion"/>), or every active user when nobody covers it or it has none. Published with
/// <see cref="InboxRequestReceived"/>; Messaging keeps it as each recipient's notification.
/// </summary>
public sealed record InboxRequestAnnounced(RequestState Request, IReadOnlyList<Guid> Recipients, bool InTheirRegion)
    : IntegrationEvent, IStateEvent<RequestState>
{
    RequestState IStateEvent<RequestState>.State => Request;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Request.RequestId, Request.Version);
}
