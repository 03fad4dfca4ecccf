using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Messaging.Common;

/// <summary>Reads a feed entry to change it: locked, and refused unless it is the caller's own note or message.</summary>
internal static class FeedEntries
{
    public static NotFoundException NotFound() => new(T.Pick("Запись не найдена", "Entry not found"));

    public static async Task<FeedEntryRow> GetForUpdateAsync(IDbConnection conn, Guid id, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<FeedEntryRow>(new CommandDefinition(
            $"select {FeedEntryRow.Columns} from messaging.feed_entries e where e.id = @id for update", new { id }, cancellationToken: ct))
        ?? throw NotFound();

    /// <summary>Only its author edits or deletes a note or a message (admins too keep their hands off); system entries are history.</summary>
    public static void EnsureOwn(FeedEntryRow entry, Guid userId)
    {
        if (entry.Kind == FeedKinds.System)
        {
            throw new ForbiddenException(T.Pick("Записи о событиях не меняются", "Entries about events cannot be changed"));
        }
        if (entry.AuthorId != userId)
        {
            throw new ForbiddenException(T.Pick("Менять и удалять можно только свои записи", "You can change and delete only your own entries"));
        }
    }
}
