using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Crm.Bench.Board;

public sealed record LoadResult(
    Guid PipelineId, int TargetDeals, int OtherDeals, Dictionary<string, long> DealsPerStage, Guid BusiestUser, long BusiestUserDeals,
    long RareMatches, long CommonMatches, double LoadSeconds, double TotalsSeconds, double AnalyzeSeconds, string TableSize);

/// <summary>
/// Deals straight into deals.deals, many rows a statement. The stage_totals trigger is disabled for
/// the load (row by row it takes ~42 s per 100,000 deals) and the totals are then computed in one
/// statement exactly as the trigger keeps them (rows with deleted_at null, per stage and responsible),
/// all in one transaction, so the app never sees the table without its totals.
/// </summary>
internal static class BulkLoad
{
    // Names from a small vocabulary, so text search is meaningful: the first verb is in about a third of
    // the names (the "common" word), the rare word in about 1 of 2,000.
    private static readonly string[] Verbs = ["Поставка", "Ремонт", "Аренда", "Монтаж", "Сервис", "Модернизация", "Замена", "Диагностика"];
    private static readonly string[] Things = ["экскаватора", "погрузчика", "крана", "бульдозера", "генератора", "компрессора", "насоса",
        "трактора", "самосвала", "катка", "грейдера", "манипулятора", "автобетоносмесителя", "буровой установки", "вилочного погрузчика"];
    private static readonly string[] Companies = ["ООО «Ромашка»", "АО «СтройДвор»", "ООО «Техмаш»", "ИП Смирнов", "ООО «Северный путь»",
        "АО «Уралтранс»", "ООО «Волга-Агро»", "ООО «ГорСтрой»", "ПАО «Дорога»", "ООО «Лесопромышленник»", "ООО «Альфа-Логистик»",
        "ИП Кузнецова", "ООО «Карьер»", "АО «Мостострой-7»", "ООО «Агрохолдинг Юг»", "ООО «ТрансСервис»", "ООО «Вектор»", "ИП Попов",
        "АО «Энергомаш»", "ООО «Полюс»"];
    private static readonly string[] Contacts = ["Иван Петров", "Анна Соколова", "Сергей Морозов", "Ольга Волкова", "Дмитрий Лебедев",
        "Елена Козлова", "Алексей Новиков", "Мария Павлова", "Николай Орлов", "Татьяна Зайцева"];

    /// <summary>
    /// What the stage_totals trigger keeps (M0004/M0005/M0008/M0011), per stage, responsible and currency, for deals not
    /// deleted: count and budget sum, and the same for the "bare" ones (open, without an open task).
    /// </summary>
    public const string RefillStageTotals =
        """
        delete from deals.stage_totals;
        insert into deals.stage_totals (stage_id, responsible_id, currency, deal_count, budget_sum, bare_count, bare_budget_sum)
        select stage_id, responsible_id, currency, count(*), coalesce(sum(budget), 0),
               count(*) filter (where closed_at is null and open_task_count = 0),
               coalesce(sum(budget) filter (where closed_at is null and open_task_count = 0), 0)
        from deals.deals where deleted_at is null
        group by stage_id, responsible_id, currency;
        """;

    /// <param name="responsibleSkew">Deal i goes to user <c>⌊random()^skew × users⌋</c>: 1 is even, 1.7 (the board's) gives the first of 20 users about 17 %.</param>
    /// <param name="intoUnsorted">Whether deals go into the unsorted stages too (as before Inbox); false: «Неразобранное» holds only requests.</param>
    /// <param name="extras">Directory's companies and contacts and custom values on the deals, and the indexes dropped for the load (the tables benchmark's million).</param>
    public static async Task<LoadResult> RunAsync(
        NpgsqlDataSource db, Guid[] users, BoardOptions options, CancellationToken ct, double responsibleSkew = 1.7, bool intoUnsorted = true,
        DealExtras? extras = null)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var admin = await conn.QuerySingleAsync<Guid>("select id from identity.users where email = 'bench-admin@crm.local'");
        var stages = (await conn.QueryAsync<(Guid Id, Guid PipelineId, string Pipeline, string Name, string Kind, int Position)>(
            """
            select s.id, s.pipeline_id, p.name, s.name, s.kind, s.position
            from deals.stages s join deals.pipelines p on p.id = s.pipeline_id
            order by p.position, p.name, s.position
            """)).ToList();
        var pipelineId = stages.First(s => s.Pipeline == "Новые дилеры").PipelineId;
        if (!intoUnsorted)
        {
            stages.RemoveAll(s => s.Kind == "unsorted");
        }

        // The pipeline under test: its open stages (unsorted included), each 0.6 of the one before.
        var target = stages.Where(s => s.PipelineId == pipelineId && s.Kind is not ("won" or "lost")).ToList();
        var plan = Split(options.Deals, target.Select((s, i) => (s, Math.Pow(0.6, i))));
        // The rest: every stage of the other pipelines, closed ones too, the same skew per pipeline.
        plan.AddRange(Split(options.OtherDeals, stages.Where(s => s.PipelineId != pipelineId)
            .GroupBy(s => s.PipelineId)
            .SelectMany(g => g.Select((s, i) => (s, Math.Pow(0.6, i))))));

        var watch = Stopwatch.StartNew();
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await conn.ExecuteAsync("select setseed(@Seed)", new { Seed = options.Seed / (double)int.MaxValue }, tx);
            await conn.ExecuteAsync("alter table deals.deals disable trigger keep_stage_totals", transaction: tx);
            var indexes = new List<(string Name, string Definition)>();
            if (extras is { DropIndexes: true })
            {
                // Built again after the load from their own definitions (exactly the migrations'), one pass each.
                await conn.ExecuteAsync("set local maintenance_work_mem = '256MB'", transaction: tx);
                indexes = (await conn.QueryAsync<(string, string)>(
                    "select indexname, indexdef from pg_indexes where schemaname = 'deals' and tablename = 'deals' and indexname not like '%\\_pkey'",
                    transaction: tx)).ToList();
                foreach (var (name, _) in indexes)
                {
                    await conn.ExecuteAsync($"drop index deals.{name}", transaction: tx);
                }
            }
            // A deal's company and main contact: Directory's (a row of extras.LinksTable, picked at random) or free text.
            var links = extras?.LinksTable is { } table ? $"left join {table} l on l.n = v.link_n" : "left join (select null::uuid as company_id, null::text as company_name, null::uuid as contact_id, null::text as contact_name) l on true";
            var custom = extras?.CustomSql ?? "'{}'::jsonb";
            foreach (var (stage, count) in plan.Where(p => p.Count > 0))
            {
                var closed = stage.Kind is "won" or "lost";
                await conn.ExecuteAsync(
                    $$"""
                    with taken as (update deals.deal_numbers set last_number = last_number + @Count returning last_number - @Count as base)
                    insert into deals.deals (id, number, name, pipeline_id, stage_id, budget, currency, goal, responsible_id,
                                             company_name, contact_name, company_id, contact_id, custom, loss_reason, created_by, created_at, updated_at,
                                             closed_at, stage_entered_at, version)
                    select gen_random_uuid(), (select base from taken) + v.n,
                           v.verb || ' ' || v.thing || ' — ' || coalesce(l.company_name, v.company),
                           @PipelineId, @StageId,
                           case when random() < 0.1 then null else round((power(random(), 3) * 5000000)::numeric, -2) end,
                           'RUB', null,
                           (@Users::uuid[])[1 + floor(power(random(), @Skew) * @UserCount)::int],
                           coalesce(l.company_name, v.company), coalesce(l.contact_name, (@Contacts::text[])[1 + floor(random() * @ContactCount)::int]),
                           l.company_id, l.contact_id, {{custom}},
                           {{(stage.Kind == "lost" ? "'Дорого'" : "null")}},
                           @Admin, v.entered - interval '1 day' * floor(random() * 60), v.entered,
                           {{(closed ? "v.entered" : "null")}}, v.entered, 1
                    from (
                        select (@Verbs::text[])[1 + floor(power(random(), 2) * @VerbCount)::int] as verb,
                               case when random() < 0.0005 then 'гидромолота'
                                    else (@Things::text[])[1 + floor(random() * @ThingCount)::int] end as thing,
                               (@Companies::text[])[1 + floor(power(random(), 1.5) * @CompanyCount)::int] as company,
                               now() - interval '1 second' * floor(random() * 400 * 86400) as entered,
                               1 + floor(random() * @LinkCount)::int as link_n,
                               n
                        from generate_series(1, @Count) n
                    ) v
                    {{links}}
                    """,
                    new
                    {
                        PipelineId = stage.PipelineId, StageId = stage.Id, Users = users, UserCount = users.Length, Skew = responsibleSkew,
                        Contacts, ContactCount = Contacts.Length, Admin = admin, Verbs, VerbCount = Verbs.Length,
                        Things, ThingCount = Things.Length, Companies, CompanyCount = Companies.Length, Count = count,
                        LinkCount = extras?.LinkCount ?? 1,
                    }, tx);
            }
            if (extras?.LinksTable is not null)
            {
                // Each linked deal's main contact among its contacts, as the deal form writes it.
                await conn.ExecuteAsync(
                    """
                    insert into deals.deal_contacts (deal_id, contact_id, name, is_main, position)
                    select id, contact_id, contact_name, true, 0 from deals.deals where contact_id is not null
                    """, transaction: tx);
            }
            foreach (var (_, definition) in indexes)
            {
                await conn.ExecuteAsync(definition, transaction: tx);
            }
            var loaded = watch.Elapsed.TotalSeconds;
            watch.Restart();
            // Exactly what the trigger keeps (no deal has a task yet: every open one is "bare").
            await conn.ExecuteAsync(RefillStageTotals + "alter table deals.deals enable trigger keep_stage_totals;", transaction: tx);
            await tx.CommitAsync(ct);
            var totals = watch.Elapsed.TotalSeconds;
            watch.Restart();
            await conn.ExecuteAsync("vacuum analyze deals.deals");
            await conn.ExecuteAsync("vacuum analyze deals.stage_totals");
            var analyze = watch.Elapsed.TotalSeconds;

            var perStage = (await conn.QueryAsync<(string, long)>(
                """
                select p.name || ' / ' || s.name, count(d.id)
                from deals.stages s join deals.pipelines p on p.id = s.pipeline_id left join deals.deals d on d.stage_id = s.id
                group by p.name, p.position, s.name, s.position order by p.position, p.name, s.position
                """)).ToDictionary(r => r.Item1, r => r.Item2);
            var (busiest, busiestDeals) = await conn.QuerySingleAsync<(Guid, long)>(
                """
                select t.responsible_id, sum(t.deal_count)::bigint from deals.stage_totals t
                join deals.stages s on s.id = t.stage_id where s.pipeline_id = @pipelineId
                group by t.responsible_id order by 2 desc limit 1
                """, new { pipelineId });
            var (rare, common) = await conn.QuerySingleAsync<(long, long)>(
                """
                select count(*) filter (where name ilike '%гидромолот%'), count(*) filter (where name ilike '%поставка%')
                from deals.deals where pipeline_id = @pipelineId and deleted_at is null
                """, new { pipelineId });
            var size = await conn.QuerySingleAsync<string>("select pg_size_pretty(pg_total_relation_size('deals.deals'))");
            return new LoadResult(pipelineId, options.Deals, options.OtherDeals, perStage, busiest, busiestDeals, rare, common,
                Math.Round(loaded, 2), Math.Round(totals, 2), Math.Round(analyze, 2), size);
        }
    }

    /// <summary>Splits <paramref name="total"/> in proportion to the weights (largest remainders, so the parts add up).</summary>
    private static List<(T Item, int Count)> Split<T>(int total, IEnumerable<(T Item, double Weight)> weighted)
    {
        var list = weighted.ToList();
        var sum = list.Sum(w => w.Weight);
        var exact = list.Select(w => total * w.Weight / sum).ToList();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToList();
        foreach (var i in Enumerable.Range(0, list.Count).OrderByDescending(i => exact[i] - counts[i]).Take(total - counts.Sum()))
        {
            counts[i]++;
        }
        return list.Select((w, i) => (w.Item, counts[i])).ToList();
    }
}

/// <summary>
/// What a bigger load adds to the board's deals: <paramref name="LinksTable"/> (columns n 1..<paramref name="LinkCount"/>,
/// company_id, company_name, contact_id, contact_name) gives each deal Directory's company and main contact;
/// <paramref name="CustomSql"/> is the SQL of a row's custom values (random() per row; the benchmark's own field ids);
/// <paramref name="DropIndexes"/> drops deals.deals' secondary indexes for the load and builds them again after it.
/// </summary>
public sealed record DealExtras(string? LinksTable, int LinkCount, string? CustomSql, bool DropIndexes);
