using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Crm.Bench.Inbox;

/// <summary>What is in inbox.requests before the measurements, and how long it took to put it there.</summary>
public sealed record RequestLoadResult(
    int NewTarget, int NewOther, int Accepted, int Declined, int Pipelines, Dictionary<string, long> NewPerPipeline,
    double RequestsSeconds, string RequestsTableSize);

/// <summary>
/// Requests straight into inbox.requests (the columns of M0002_CreateRequests), many rows a statement, in one
/// transaction: the new ones of «Новые дилеры» (the column under test, received in the last 30 days), new ones
/// in the other pipelines, and the decided ones of every pipeline (the last 400 days; accepted with their deal's
/// id = their own, declined half with a reason), decided by the managers. Sources mixed as the three ways in
/// (form, mail, api), each with its raw payload as that way keeps it.
/// </summary>
internal static class RequestLoad
{
    private static readonly string[] Names = ["Иван Петров", "Анна Соколова", "Сергей Морозов", "Ольга Волкова", "Дмитрий Лебедев",
        "Елена Козлова", "Алексей Новиков", "Мария Павлова", "Николай Орлов", "Татьяна Зайцева", "Павел Ершов", "Юлия Белова"];
    private static readonly string[] Companies = ["ООО «Ромашка»", "АО «СтройДвор»", "ООО «Техмаш»", "ИП Смирнов", "ООО «Северный путь»",
        "АО «Уралтранс»", "ООО «Волга-Агро»", "ООО «ГорСтрой»", "ООО «Карьер»", "АО «Мостострой-7»"];
    private static readonly string[] Subjects = ["Запрос цены на экскаватор", "Нужен погрузчик в аренду", "Ремонт гидравлики", "Коммерческое предложение",
        "Поставка запчастей", "Сервисное обслуживание техники", "Аренда крана на месяц", "Вопрос по доставке"];
    private static readonly string[] Sentences = ["Здравствуйте!", "Просим прислать коммерческое предложение.", "Нужна техника на объект в Екатеринбурге.",
        "Интересует аренда на два месяца с оператором.", "Сколько стоит доставка до Перми?", "Оплата по безналу, НДС нужен.",
        "Пришлите, пожалуйста, прайс и сроки поставки.", "Срочно, объект стоит.", "Можно ли посмотреть технику на площадке?",
        "Готовы подписать договор на этой неделе.", "Перезвоните после обеда.", "Спасибо, ждём ответа."];
    private static readonly string[] Regions = ["Свердловская обл", "Пермский край", "Челябинская обл", "Москва", "Санкт-Петербург",
        "Тюменская обл", "Республика Башкортостан", "Новосибирская обл"];
    private static readonly string[] Reasons = ["Спам", "Не наш регион", "Дубль заявки", "Клиент передумал"];

    public static async Task<RequestLoadResult> RunAsync(
        NpgsqlDataSource db, Guid targetPipeline, Guid[] otherPipelines, Guid[] deciders, InboxOptions options, CancellationToken ct)
    {
        var pipelines = new[] { targetPipeline }.Concat(otherPipelines).ToArray();
        // (pipeline, status, count, days back): the decided ones 40 % in the target pipeline, the rest even.
        var plan = new List<(Guid Pipeline, string Status, int Count, int Days)> { (targetPipeline, "new", options.New, 30) };
        plan.AddRange(Split(options.OtherNew, otherPipelines.Length).Select((n, i) => (otherPipelines[i], "new", n, 30)));
        var decidedTarget = (int)(options.Decided * 0.4);
        var decidedPer = new[] { decidedTarget }.Concat(Split(options.Decided - decidedTarget, otherPipelines.Length)).ToArray();
        var accepted = 0;
        var declined = 0;
        for (var i = 0; i < pipelines.Length; i++)
        {
            var a = (int)Math.Round(decidedPer[i] * 0.65);
            plan.Add((pipelines[i], "accepted", a, 400));
            plan.Add((pipelines[i], "declined", decidedPer[i] - a, 400));
            accepted += a;
            declined += decidedPer[i] - a;
        }

        var watch = Stopwatch.StartNew();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await conn.ExecuteAsync("select setseed(@Seed)", new { Seed = options.Seed / (double)int.MaxValue }, tx);
            foreach (var (pipeline, status, count, days) in plan)
            {
                for (var done = 0; done < count; done += 10_000)
                {
                    await InsertAsync(conn, tx, pipeline, status, Math.Min(10_000, count - done), days, deciders);
                }
            }
            await tx.CommitAsync(ct);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        var perPipeline = (await conn.QueryAsync<(Guid, long)>(
            "select pipeline_id, count(*) from inbox.requests where status = 'new' group by pipeline_id")).ToDictionary(r => r.Item1.ToString(), r => r.Item2);
        var size = await conn.QuerySingleAsync<string>("select pg_size_pretty(pg_total_relation_size('inbox.requests'))");
        return new RequestLoadResult(options.New, options.OtherNew, accepted, declined, pipelines.Length, perPipeline, Math.Round(seconds, 2), size);
    }

    private static Task<int> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid pipeline, string status, int count, int days, Guid[] deciders) =>
        conn.ExecuteAsync(
            """
            insert into inbox.requests (id, version, source, pipeline_id, status, received_at, contact_name, phones, emails, company_name,
                subject, message, region, raw, raw_type, received_by, decided_by, decided_at, decline_reason, deal_id)
            select v.id, case when @Status = 'new' then 1 else 2 end, v.source, @Pipeline, @Status, v.received_at, v.name, array[v.phone],
                   array[v.email], v.company, v.subject, v.message, v.region,
                   case when v.source = 'mail'
                        then 'From: ' || v.name || ' <' || v.email || E'>\r\nSubject: ' || coalesce(v.subject, '') || E'\r\n\r\n' || v.message
                        else jsonb_build_object('contactName', v.name, 'phone', v.phone, 'email', v.email, 'companyName', v.company,
                                               'subject', v.subject, 'message', v.message)::text end,
                   case when v.source = 'mail' then 'message/rfc822' else 'application/json' end,
                   null,
                   case when @Status = 'new' then null else v.decider end,
                   case when @Status = 'new' then null else least(now(), v.received_at + interval '1 minute' * floor(random() * 2880)) end,
                   case when @Status = 'declined' and random() < 0.5 then (@Reasons::text[])[1 + floor(random() * @ReasonCount)::int] end,
                   case when @Status = 'accepted' then v.id end
            from (
                select gen_random_uuid() as id,
                       (array['form', 'mail', 'api'])[1 + floor(random() * 3)::int] as source,
                       now() - interval '1 second' * floor(random() * @Days * 86400) as received_at,
                       (@Names::text[])[1 + floor(random() * @NameCount)::int] as name,
                       '+7343' || lpad(floor(random() * 10000000)::text, 7, '0') as phone,
                       'client' || n || '.' || floor(random() * 1000000) || '@example.ru' as email,
                       case when random() < 0.6 then (@Companies::text[])[1 + floor(random() * @CompanyCount)::int] end as company,
                       case when random() < 0.8 then (@Subjects::text[])[1 + floor(random() * @SubjectCount)::int] end as subject,
                       array_to_string(array(select (@Sentences::text[])[1 + floor(random() * @SentenceCount)::int]
                                             from generate_series(1, 2 + (n % 6))), ' ') as message,
                       case when random() < 0.85 then (@Regions::text[])[1 + floor(random() * @RegionCount)::int] end as region,
                       (@Deciders::uuid[])[1 + floor(random() * @DeciderCount)::int] as decider
                from generate_series(1, @Count) n
            ) v
            """,
            new
            {
                Pipeline = pipeline, Status = status, Count = count, Days = days,
                Names, NameCount = Names.Length, Companies, CompanyCount = Companies.Length, Subjects, SubjectCount = Subjects.Length,
                Sentences, SentenceCount = Sentences.Length, Regions, RegionCount = Regions.Length, Reasons, ReasonCount = Reasons.Length,
                Deciders = deciders, DeciderCount = deciders.Length,
            },
            tx);

    private static int[] Split(int total, int parts) =>
        Enumerable.Range(0, parts).Select(i => total / parts + (i < total % parts ? 1 : 0)).ToArray();
}
