namespace Crm.Modules.Inbox.Common;

/// <summary>
/// A request as it came in, before it is filed: what a form, a mail or the API said. <see cref="Raw"/> is
/// what was received, as received (<see cref="RawType"/>: application/json, message/rfc822, ...).
/// </summary>
internal sealed record IncomingRequest(
    string Source,
    Guid PipelineId,
    string? ContactName,
    IReadOnlyList<string?>? Phones,
    IReadOnlyList<string?>? Emails,
    string? CompanyName,
    string? Subject,
    string? Message,
    string? Region,
    string Raw,
    string RawType,
    Guid? ReceivedBy);
