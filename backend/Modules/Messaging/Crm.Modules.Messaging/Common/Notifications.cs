using System.Text.Json;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Realtime;
using Dapper;

namespace Crm.Modules.Messaging.Common;

/// <summary>
/// Makes a user's notification, unless they turned its kind off: kept until read, unique per (user,
/// source) so a source delivered again notifies once, and pushed after commit to every open tab of the
/// user (<c>notification</c> on <c>user:{id}</c>, the notification with the user's unread count).
/// </summary>
internal sealed class Notifications(DbSession db, IRealtime realtime, TimeProvider clock)
{
    public const string Method = "notification";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Some of a user's notifications were read without them (a task's notice that no longer holds).</summary>
    public const string ReadMethod = "notificationsRead";

    public sealed record Pushed(NotificationResponse Notification, int Unread);

    public sealed record PushedRead(IReadOnlyList<Guid> Ids, int Unread);

    /// <param name="sourceKey">What it was made of, e.g. "mention:{entry id}" or "taskOverdue:{event id}".</param>
    public Task AddAsync(Guid userId, string kind, string sourceKey, string? linkKind, Guid? linkId, object data, CancellationToken ct) =>
        AddManyAsync([userId], kind, sourceKey, linkKind, linkId, data, ct);

    /// <summary>
    /// The same notification for each of <paramref name="userIds"/> (a request announced to everyone, a message in a
    /// private channel): one statement for all of them and one for their unread counts, not two a user.
    /// </summary>
    public async Task AddManyAsync(IReadOnlyList<Guid> userIds, string kind, string sourceKey, string? linkKind, Guid? linkId, object data, CancellationToken ct)
    {
        var users = userIds.Distinct().ToArray();
        if (users.Length == 0)
        {
            return;
        }
        var conn = await db.ConnectionAsync(ct);
        var rows = (await conn.QueryAsync<NotificationRow>(new CommandDefinition(
            $"""
            insert into messaging.notifications as n (id, user_id, kind, source_key, link_kind, link_id, data, created_at)
            select u.id, u.user_id, @Kind, @SourceKey, @LinkKind, @LinkId, @Data::jsonb, @Now
            from unnest(@Ids, @Users) as u(id, user_id)
            where not exists (select 1 from messaging.notification_settings s where s.user_id = u.user_id and s.kind = @Kind and not s.enabled)
            order by u.user_id
            on conflict (user_id, source_key) do nothing
            returning {NotificationRow.Columns}
            """,
            new
            {
                Ids = users.Select(_ => Guid.CreateVersion7()).ToArray(),
                Users = users,
                Kind = kind,
                SourceKey = sourceKey,
                LinkKind = linkKind,
                LinkId = linkId,
                Data = JsonSerializer.Serialize(data, Json),
                Now = clock.GetUtcNow(),
            },
            cancellationToken: ct))).AsList();
        if (rows.Count == 0)
        {
            return;
        }
        // Counted in the transaction (the new ones included): the connection is not ours after the commit.
        var unread = (await conn.QueryAsync<(Guid UserId, int Unread)>(new CommandDefinition(
            $"""
            select u.id, (select count(*)::int from (select 1 from messaging.notifications where user_id = u.id and read_at is null limit {UnreadCap}) c)
            from unnest(@Users) as u(id)
            """,
            new { Users = rows.Select(r => r.UserId).ToArray() },
            cancellationToken: ct))).ToDictionary(r => r.UserId, r => r.Unread);
        var pushes = rows.Select(r => (Topic: CrmHub.UserTopic(r.UserId), Pushed: new Pushed(r.ToResponse(), unread[r.UserId]))).ToList();
        db.AfterCommit(async () =>
        {
            foreach (var (topic, pushed) in pushes)
            {
                await realtime.SendAsync(topic, Method, pushed, CancellationToken.None);
            }
        });
    }

    /// <summary>Tells every open tab of the user, once committed, that <paramref name="ids"/> are read now, with the new unread count.</summary>
    public async Task PushReadAsync(Guid userId, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var pushed = new PushedRead(ids, await UnreadAsync(userId, ct));
        db.AfterCommit(() => new ValueTask(realtime.SendAsync(CrmHub.UserTopic(userId), ReadMethod, pushed, CancellationToken.None)));
    }

    /// <summary>The user's unread notifications, counted up to <see cref="UnreadCap"/> (the bell shows "99+").</summary>
    public async Task<int> UnreadAsync(Guid userId, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteScalarAsync<int>(new CommandDefinition(
            $"select count(*)::int from (select 1 from messaging.notifications where user_id = @userId and read_at is null limit {UnreadCap}) u",
            new { userId },
            cancellationToken: ct));

    public const int UnreadCap = 100;
}

/// <summary>A row of messaging.notifications.</summary>
internal sealed record NotificationRow(
    Guid Id, Guid UserId, string Kind, string? LinkKind, Guid? LinkId, string Data, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public const string Columns =
        "n.id as Id, n.user_id as UserId, n.kind as Kind, n.link_kind as LinkKind, n.link_id as LinkId, n.data::text as Data, " +
        "n.created_at as CreatedAt, n.read_at as ReadAt";

    public NotificationResponse ToResponse() =>
        new(Id, Kind, LinkKind, LinkId, JsonDocument.Parse(Data).RootElement.Clone(), CreatedAt, ReadAt);
}

/// <summary>
/// A notification as the bell lists it: its <see cref="Kind"/> (see <see cref="NotificationKinds"/>), the card
/// it links to (<see cref="LinkKind"/> deal, company, contact or task, and <see cref="LinkId"/>), and what
/// the front end words it from (<see cref="Data"/>: names and texts as they were when it was made).
/// </summary>
internal sealed record NotificationResponse(
    Guid Id, string Kind, string? LinkKind, Guid? LinkId, JsonElement Data, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);
