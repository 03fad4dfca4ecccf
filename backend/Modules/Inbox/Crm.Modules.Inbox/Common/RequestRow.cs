using Crm.Modules.Inbox.Contracts;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// A row of inbox.requests (without the raw payload, which only the card reads). Settable properties, not a
/// constructor: Npgsql names an array column's type System.Array, which Dapper cannot match to a parameter.
/// </summary>
internal sealed class RequestRow
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public string Source { get; set; } = "";

    public Guid PipelineId { get; set; }

    public string Status { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }

    public string ContactName { get; set; } = "";

    public string[] Phones { get; set; } = [];

    public string[] Emails { get; set; } = [];

    public string? CompanyName { get; set; }

    public string? Subject { get; set; }

    public string Message { get; set; } = "";

    public string? Region { get; set; }

    public Guid? DecidedBy { get; set; }

    public string? DecidedByName { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DeclineReason { get; set; }

    public Guid? DealId { get; set; }

    /// <summary>The columns, for <c>from inbox.requests r</c>; the decider's name from Inbox's copy of users.</summary>
    public const string Columns =
        "r.id as Id, r.version as Version, r.source as Source, r.pipeline_id as PipelineId, r.status as Status, " +
        "r.received_at as ReceivedAt, r.contact_name as ContactName, r.phones as Phones, r.emails as Emails, " +
        "r.company_name as CompanyName, r.subject as Subject, r.message as Message, r.region as Region, " +
        "r.decided_by as DecidedBy, (select u.display_name from inbox.users u where u.id = r.decided_by) as DecidedByName, " +
        "r.decided_at as DecidedAt, r.decline_reason as DeclineReason, r.deal_id as DealId";

    public RequestState ToState() => new(
        Id, Version, Source, PipelineId, Status, ReceivedAt, ContactName, Phones, Emails, CompanyName, Subject, Message, Region,
        DecidedBy, DecidedAt, DeclineReason, DealId);

    public RequestResponse ToResponse(string? raw = null, string? rawType = null, IReadOnlyList<RequestMail>? mails = null) => new(
        Id, Version, Source, PipelineId, Status, ReceivedAt, ContactName, Phones, Emails, CompanyName, Subject, Message, Region,
        DecidedBy, DecidedByName, DecidedAt, DeclineReason, DealId, raw, rawType, mails);
}

/// <summary>
/// A request as the API shows it. <see cref="Raw"/> (what was received, as received: the form's or the API's
/// fields as JSON, a mail's headers and text) and <see cref="Mails"/> (a mail's request: its mail and the
/// client's replies, with their attachments) only on a single request.
/// </summary>
internal sealed record RequestResponse(
    Guid Id,
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
    string? DecidedByName,
    DateTimeOffset? DecidedAt,
    string? DeclineReason,
    Guid? DealId,
    string? Raw,
    string? RawType,
    IReadOnlyList<RequestMail>? Mails);
