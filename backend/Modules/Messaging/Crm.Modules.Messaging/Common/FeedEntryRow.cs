using System.Text.Json;

namespace Crm.Modules.Messaging.Common;

/// <summary>
/// A row of messaging.feed_entries. Settable properties, not a constructor: Npgsql names an array column's
/// type System.Array, which Dapper cannot match to a constructor parameter.
/// </summary>
internal sealed class FeedEntryRow
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public string SubjectKind { get; set; } = "";

    public Guid SubjectId { get; set; }

    public string Kind { get; set; } = "";

    public string Type { get; set; } = "";

    public Guid? AuthorId { get; set; }

    public string? Text { get; set; }

    public string Data { get; set; } = "{}";

    public Guid[] Mentions { get; set; } = [];

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset? EditedAt { get; set; }

    public DateTimeOffset? PinnedAt { get; set; }

    public Guid? PinnedBy { get; set; }

    /// <summary>The columns, for <c>from messaging.feed_entries e</c>.</summary>
    public const string Columns =
        "e.id as Id, e.version as Version, e.subject_kind as SubjectKind, e.subject_id as SubjectId, e.kind as Kind, e.type as Type, " +
        "e.author_id as AuthorId, e.text as Text, e.data::text as Data, e.mentions as Mentions, e.occurred_at as OccurredAt, " +
        "e.edited_at as EditedAt, e.pinned_at as PinnedAt, e.pinned_by as PinnedBy";

    public FeedEntryResponse ToResponse() => new(
        Id, Version, SubjectKind, SubjectId, Kind, Type, AuthorId, Text, JsonDocument.Parse(Data).RootElement.Clone(), Mentions, OccurredAt,
        EditedAt, PinnedAt, PinnedBy);
}

/// <summary>
/// An entry of a card's feed as the API shows it: a note or a message (<see cref="Text"/>, plain text,
/// with the colleagues it <see cref="Mentions"/>), or a system entry whose <see cref="Type"/> says what
/// happened and whose <see cref="Data"/> holds the details (ids named in the page's <c>names</c>).
/// </summary>
internal sealed record FeedEntryResponse(
    Guid Id,
    int Version,
    string SubjectKind,
    Guid SubjectId,
    string Kind,
    string Type,
    Guid? AuthorId,
    string? Text,
    JsonElement Data,
    IReadOnlyList<Guid> Mentions,
    DateTimeOffset OccurredAt,
    DateTimeOffset? EditedAt,
    DateTimeOffset? PinnedAt,
    Guid? PinnedBy);
