using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Messaging.Common;

/// <summary>
/// The colleagues a feed entry names with @: each must be an active user (one created a moment ago is
/// waited for), each is named once; each one named, other than the writer, gets a notification linking to
/// the card, once per entry.
/// </summary>
internal sealed class FeedMentions(DbSession db, EventCatchUp catchUp, Notifications notifications)
{
    public async Task<Guid[]> CheckAsync(IReadOnlyList<Guid>? mentions, CancellationToken ct)
    {
        var named = (mentions ?? []).Distinct().ToArray();
        if (named.Length == 0)
        {
            return named;
        }
        var conn = await db.ConnectionAsync(ct);
        var active = await ActiveAsync(conn, named, ct);
        foreach (var missing in named.Where(id => !active.Contains(id)).ToList())
        {
            await catchUp.WaitAsync(MessagingModule.ModuleName, missing, ct);
        }
        active = await ActiveAsync(conn, named, ct);
        for (var i = 0; i < named.Length; i++)
        {
            if (!active.Contains(named[i]))
            {
                throw new FieldValidationException($"mentions[{i}]", T.Pick("Нет такого активного пользователя", "No such active user"));
            }
        }
        return named;
    }

    public async Task NotifyAsync(FeedEntryRow entry, IEnumerable<Guid> users, CancellationToken ct)
    {
        var excerpt = entry.Text is { Length: > 300 } text ? text[..300] + "…" : entry.Text;
        var conn = await db.ConnectionAsync(ct);
        var author = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select display_name from messaging.users where id = @AuthorId", new { entry.AuthorId }, cancellationToken: ct));
        var subject = await FeedSubjects.NameAsync(conn, entry.SubjectKind, entry.SubjectId, ct);
        foreach (var user in users)
        {
            await notifications.AddAsync(
                user,
                NotificationKinds.Mention,
                $"mention:{entry.Id}",
                entry.SubjectKind,
                entry.SubjectId,
                new { entryId = entry.Id, authorId = entry.AuthorId, authorName = author, subjectName = subject, text = excerpt },
                ct);
        }
    }

    private static async Task<HashSet<Guid>> ActiveAsync(System.Data.IDbConnection conn, Guid[] ids, CancellationToken ct) =>
        (await conn.QueryAsync<Guid>(new CommandDefinition(
            "select id from messaging.users where id = any(@ids) and active", new { ids }, cancellationToken: ct))).ToHashSet();
}
