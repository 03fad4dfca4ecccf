using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Crm.Bench.Messaging;

/// <summary>What is in messaging.feed_entries before the measurements, and how long it took to put it there.</summary>
public sealed record FeedLoadResult(long Entries, int Cards, int DealEntries, int Pinned, double Seconds);

/// <summary>
/// Feed entries straight into messaging.feed_entries (the columns of M0002_CreateFeed), many rows a statement:
/// <see cref="MessagingOptions.FeedEntries"/> in all, of which <see cref="MessagingOptions.DealEntries"/> in the
/// measured deal and the rest spread over <see cref="MessagingOptions.Cards"/> cards (7 in 10 deals, 2 companies,
/// 1 contact) over the last year. Kinds as a busy department writes them: 7 in 10 system entries (stage changes,
/// tasks planned, responsible changed; each with its own source event, so the unique index is as full as the
/// app's), 2 notes, 1 message with a mention; the ids in them are the benchmark's managers and the seeded
/// pipelines' stages, so the page's names are looked up as in the app. The measured deal has a copy in
/// messaging.deals and three pinned entries. The table's secondary indexes (read from pg_indexes, so exactly the
/// app's) are dropped for the load and built again after it.
/// </summary>
internal static class FeedLoad
{
    private static readonly string[] Notes = ["Клиент просит перезвонить после обеда.", "Отправил КП на почту, ждём ответа.",
        "Договорились о встрече в четверг.\nВзять с собой каталог.", "Бюджет согласован с директором.", "Нужна доставка до Перми, уточнить цену.",
        "Клиент сравнивает с конкурентами: https://example.ru/price", "Счёт выставлен, оплата до пятницы.", "Просят скидку 5 %."];
    private static readonly string[] Messages = ["посмотри, пожалуйста, это клиент из твоего региона", "можешь подменить меня на звонке в 15:00?",
        "нужна твоя помощь с договором", "клиент спрашивал про сервис, ответь ему"];
    private static readonly string[] Tasks = ["Позвонить клиенту", "Отправить КП", "Встреча в офисе клиента", "Уточнить реквизиты", "Проверить оплату"];

    public static async Task<FeedLoadResult> RunAsync(NpgsqlDataSource db, Guid deal, Guid[] users, MessagingOptions options, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await using var conn = await db.OpenConnectionAsync(ct);
        conn.Notice += (_, _) => { };
        var stages = (await conn.QueryAsync<Guid>("select id from messaging.stages")).ToArray();
        if (stages.Length == 0)
        {
            throw new InvalidOperationException("messaging.stages is empty: Messaging never heard of the seeded pipelines");
        }
        var indexes = (await conn.QueryAsync<(string Name, string Definition)>(
            """
            select i.indexname, i.indexdef from pg_indexes i
            where i.schemaname = 'messaging' and i.tablename = 'feed_entries' and i.indexname <> 'feed_entries_pkey'
            """)).ToList();
        foreach (var (name, _) in indexes)
        {
            await conn.ExecuteAsync($"drop index messaging.{name}");
        }
        await conn.ExecuteAsync("select setseed(@Seed)", new { Seed = options.Seed / (double)int.MaxValue });
        await conn.ExecuteAsync(
            "insert into messaging.deals (id, version, name, budget, currency) values (@deal, 1, 'Поставка экскаваторов для АО «Мостострой-7»', 12500000, 'RUB')",
            new { deal });
        var rest = options.FeedEntries - options.DealEntries;
        for (var done = 0; done < rest; done += 250_000)
        {
            await InsertAsync(conn, null, Math.Min(250_000, rest - done), options.Cards, stages, users, ct);
            Console.Error.WriteLine($"[messaging] feed: {done + Math.Min(250_000, rest - done):N0} of {options.FeedEntries:N0} entries in {watch.Elapsed.TotalSeconds:0} s");
        }
        await InsertAsync(conn, deal, options.DealEntries, options.Cards, stages, users, ct);
        var pinned = await conn.ExecuteAsync(
            """
            update messaging.feed_entries set pinned_at = occurred_at + interval '1 hour', pinned_by = author_id
            where id in (select id from messaging.feed_entries where subject_kind = 'deal' and subject_id = @deal and kind = 'note'
                         order by occurred_at desc offset 10 limit 3)
            """,
            new { deal });
        foreach (var (_, definition) in indexes)
        {
            await conn.ExecuteAsync(new CommandDefinition(definition, commandTimeout: 3600, cancellationToken: ct));
        }
        var entries = await conn.ExecuteScalarAsync<long>("select count(*) from messaging.feed_entries");
        return new FeedLoadResult(entries, options.Cards, options.DealEntries, pinned, Math.Round(watch.Elapsed.TotalSeconds, 1));
    }

    /// <summary><paramref name="count"/> entries, of <paramref name="deal"/> when given, else of random cards among <paramref name="cards"/>.</summary>
    private static Task<int> InsertAsync(NpgsqlConnection conn, Guid? deal, int count, int cards, Guid[] stages, Guid[] users, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            """
            insert into messaging.feed_entries (id, subject_kind, subject_id, kind, type, author_id, text, data, mentions, source_event_id, occurred_at)
            select gen_random_uuid(),
                   case when @Deal::uuid is not null or v.card % 10 < 7 then 'deal' when v.card % 10 < 9 then 'company' else 'contact' end,
                   coalesce(@Deal::uuid, md5('card' || v.card)::uuid),
                   v.kind,
                   case v.kind when 'note' then 'note' when 'message' then 'message'
                        else (array['deal.stageChanged', 'task.created', 'deal.assigned', 'task.completed'])[1 + v.pick % 4] end,
                   case when v.kind = 'system' then null else v.author end,
                   case v.kind when 'note' then (@Notes::text[])[1 + v.pick % @NoteCount]
                               when 'message' then '@' || v.other_name || ', ' || (@Messages::text[])[1 + v.pick % @MessageCount] end,
                   case when v.kind <> 'system' then '{}'::jsonb
                        when v.pick % 4 = 0 then jsonb_build_object('fromStageId', v.stage, 'toStageId', v.stage2)
                        when v.pick % 4 = 2 then jsonb_build_object('fromUserId', v.author, 'toUserId', v.other)
                        else jsonb_build_object('taskId', gen_random_uuid(), 'text', (@Tasks::text[])[1 + v.pick % @TaskCount],
                                                'dueAt', v.at + interval '2 days', 'allDay', v.pick % 3 = 0, 'responsibleId', v.author)
                             || case when v.pick % 4 = 3 then jsonb_build_object('result', 'Клиент согласен, готовим договор') else '{}'::jsonb end end,
                   case when v.kind = 'message' then array[v.other] else '{}'::uuid[] end,
                   case when v.kind = 'system' then gen_random_uuid() end,
                   v.at
            from (
                select floor(random() * @Cards)::int as card,
                       case when r < 0.7 then 'system' when r < 0.9 then 'note' else 'message' end as kind,
                       floor(random() * 1000)::int as pick,
                       (@Users::uuid[])[1 + floor(random() * @UserCount)::int] as author,
                       (@Users::uuid[])[1 + floor(random() * @UserCount)::int] as other,
                       'Менеджер ' || lpad((1 + floor(random() * @UserCount))::text, 2, '0') as other_name,
                       (@Stages::uuid[])[1 + floor(random() * @StageCount)::int] as stage,
                       (@Stages::uuid[])[1 + floor(random() * @StageCount)::int] as stage2,
                       now() - interval '1 second' * floor(random() * 365 * 86400) as at
                from (select random() as r from generate_series(1, @Count)) g
            ) v
            """,
            new
            {
                Deal = deal, Count = count, Cards = cards, Stages = stages, StageCount = stages.Length, Users = users, UserCount = users.Length,
                Notes, NoteCount = Notes.Length, Messages, MessageCount = Messages.Length, Tasks, TaskCount = Tasks.Length,
            },
            commandTimeout: 3600,
            cancellationToken: ct));
}
