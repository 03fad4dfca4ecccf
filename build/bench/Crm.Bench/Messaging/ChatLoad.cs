using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Crm.Bench.Messaging;

/// <summary>The chat before the measurements: the reader's channels, the messages in them, where the reader stopped in each.</summary>
public sealed record ChatLoadResult(int Channels, int Public, int Private, int Direct, long Messages, int NeverRead, int PartlyRead, int AllRead, double Seconds);

/// <summary>
/// The chat of a busy department, for the reader (the first manager): «Отдел продаж» and other public channels,
/// private channels the reader is in, and direct conversations with colleagues, <see cref="MessagingOptions.Channels"/>
/// in all, made through the API as users make them. Then <see cref="MessagingOptions.Messages"/> messages straight
/// into messaging.messages (the columns of M0004_CreateChat; the table's secondary index dropped for the load and
/// built again), spread unevenly (a few busy channels, many quiet ones) over the last half year, written by the
/// channels' members. Where the reader stopped: a third of the channels never opened (their unread count is capped
/// at 100), a third read up to 0–150 messages before the end, a third read to the end.
/// </summary>
internal static class ChatLoad
{
    private static readonly string[] Texts = ["Коллеги, кто может взять клиента из Перми?", "Пришёл счёт от «Уралтранс», кто ведёт?",
        "Планёрка в 10:00 в переговорной", "Обновили прайс, смотрите в общей папке", "Поздравляем с закрытием сделки! 🎉",
        "Кто-нибудь звонил в «Техмаш» на этой неделе?", "Напоминаю: отчёты до пятницы", "Клиент просит скидку, согласуем?",
        "Ок, беру", "Спасибо!", "Перезвоню после обеда"];

    public static async Task<ChatLoadResult> RunAsync(NpgsqlDataSource db, HttpClient reader, Guid readerId, Guid[] users, MessagingOptions options, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var channels = new List<Guid> { SalesDepartment };
        int publics = 1, privates = 0, directs = 0;
        for (var i = 1; i < options.Channels; i++)
        {
            var others = users.Where(u => u != readerId).ToArray();
            switch (i % 5)
            {
                case 0:
                    channels.Add(await Api.PostForIdAsync(reader, "api/messaging/channels", new { name = $"Общий канал {i}", kind = "public" }, ct));
                    publics++;
                    break;
                case 1 or 2 or 3:
                    var members = others.Skip(i * 3 % others.Length).Take(5).ToArray();
                    channels.Add(await Api.PostForIdAsync(reader, "api/messaging/channels", new { name = $"Проект {i}", kind = "private", members }, ct));
                    privates++;
                    break;
                default:
                    channels.Add(await Api.PostForIdAsync(reader, $"api/messaging/direct/{others[i % others.Length]}", new { }, ct));
                    directs++;
                    break;
            }
        }

        await using var conn = await db.OpenConnectionAsync(ct);
        var indexes = (await conn.QueryAsync<(string Name, string Definition)>(
            """
            select i.indexname, i.indexdef from pg_indexes i
            where i.schemaname = 'messaging' and i.tablename = 'messages' and i.indexname <> 'messages_pkey'
            """)).ToList();
        foreach (var (name, _) in indexes)
        {
            await conn.ExecuteAsync($"drop index messaging.{name}");
        }
        await conn.ExecuteAsync("select setseed(@Seed)", new { Seed = options.Seed / (double)int.MaxValue });
        // A channel's share grows with its place in a Zipf-like curve: the first channels are the busy ones.
        var weights = channels.Select((_, i) => 1.0 / (i + 1)).ToArray();
        var sum = weights.Sum();
        var left = options.Messages;
        for (var c = 0; c < channels.Count; c++)
        {
            var count = c == channels.Count - 1 ? left : Math.Min(left, (int)Math.Round(options.Messages * weights[c] / sum));
            left -= count;
            if (count > 0)
            {
                await InsertAsync(conn, channels[c], count, users, ct);
            }
        }
        foreach (var (_, definition) in indexes)
        {
            await conn.ExecuteAsync(new CommandDefinition(definition, commandTimeout: 3600, cancellationToken: ct));
        }
        await conn.ExecuteAsync(
            "update messaging.channels c set last_message_at = (select max(created_at) from messaging.messages m where m.channel_id = c.id) where c.id = any(@channels)",
            new { channels = channels.ToArray() });

        // Where the reader stopped: channel i % 3 = 0 never opened, 1 partly read, 2 read to the end.
        await conn.ExecuteAsync("delete from messaging.channel_reads where user_id = @readerId", new { readerId });
        var partly = channels.Where((_, i) => i % 3 == 1).ToArray();
        var all = channels.Where((_, i) => i % 3 == 2).ToArray();
        await conn.ExecuteAsync(
            """
            insert into messaging.channel_reads (channel_id, user_id, read_at, read_id)
            select c.id, @readerId, m.created_at, m.id
            from unnest(@channels::uuid[], @behind::int[]) as c(id, behind)
            cross join lateral (
                select created_at, id from messaging.messages where channel_id = c.id order by created_at desc, id desc offset c.behind limit 1) m
            """,
            new
            {
                readerId,
                channels = partly.Concat(all).ToArray(),
                behind = partly.Select((_, i) => i * 37 % 151).Concat(all.Select(_ => 0)).ToArray(),
            });
        var messages = await conn.ExecuteScalarAsync<long>("select count(*) from messaging.messages");
        return new ChatLoadResult(channels.Count, publics, privates, directs, messages, channels.Count - partly.Length - all.Length, partly.Length, all.Length,
            Math.Round(watch.Elapsed.TotalSeconds, 1));
    }

    /// <summary>«Отдел продаж», made by the migration with a fixed id.</summary>
    public static readonly Guid SalesDepartment = Guid.Parse("0193a000-0000-7000-8000-00000000c001");

    /// <summary><paramref name="count"/> messages in <paramref name="channel"/>, written by its members (any manager in a public channel).</summary>
    private static Task<int> InsertAsync(NpgsqlConnection conn, Guid channel, int count, Guid[] users, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            """
            with authors as (
                select coalesce((select array_agg(user_id) from messaging.channel_members where channel_id = @channel), @Users::uuid[]) as ids)
            insert into messaging.messages (id, channel_id, author_id, text, created_at)
            select gen_random_uuid(), @channel, a.ids[1 + floor(random() * cardinality(a.ids))::int],
                   (@Texts::text[])[1 + floor(random() * @TextCount)::int],
                   now() - interval '1 second' * floor(random() * 180 * 86400)
            from generate_series(1, @count), authors a
            """,
            new { channel, count, Users = users, Texts, TextCount = Texts.Length },
            commandTimeout: 3600,
            cancellationToken: ct));
}
