using System.Text.Json;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Dapper;

namespace Crm.Modules.Messaging.Common;

/// <summary>
/// Writes the feed's system entries, each made of one event: unique by (the event, the card, the type),
/// so however often the bus delivers the event, it makes its entries once. The entry's time is the
/// event's. Every card whose feed got one is told once the handler's transaction commits (<see cref="LiveFeed"/>).
/// </summary>
internal sealed class SystemEntries(DbSession db, LiveFeed live)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AddAsync(IntegrationEvent source, string subjectKind, Guid subjectId, string type, Guid? authorId, object data, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var added = await conn.ExecuteAsync(new CommandDefinition(
            """
            insert into messaging.feed_entries (id, subject_kind, subject_id, kind, type, author_id, data, source_event_id, occurred_at)
            values (@Id, @SubjectKind, @SubjectId, 'system', @Type, @AuthorId, @Data::jsonb, @SourceEventId, @OccurredAt)
            on conflict (source_event_id, subject_kind, subject_id, type) where source_event_id is not null do nothing
            """,
            new
            {
                Id = Guid.CreateVersion7(),
                SubjectKind = subjectKind,
                SubjectId = subjectId,
                Type = type,
                AuthorId = authorId,
                Data = JsonSerializer.Serialize(data, Json),
                SourceEventId = source.Id,
                source.OccurredAt,
            },
            cancellationToken: ct));
        if (added == 1)
        {
            live.Changed(subjectKind, subjectId);
        }
    }
}
