using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Crm.Bench.Tasks;

public sealed record TaskLoadResult(
    long Tasks, long Open, long OpenOverdue, long OnDeals, long OnCompanies, long OnContacts, long Unlinked, long AllDay,
    long DealsWithOpenTasks, long OpenDealsWithoutTasks, double LoadSeconds, double FactsSeconds, double IndexSeconds, double AnalyzeSeconds,
    string TasksSize, string DealFactsSize, string DirectoryFactsSize);

/// <summary>
/// Millions of tasks straight into tasks.tasks, and what Deals and Directory would have made of their events
/// (deals.task_facts, deals.deals' open_task_count / next_task_due, deals.stage_totals' bare columns,
/// directory.task_facts, company_facts, contact_facts), in one transaction.
///
/// Every column a task row gets from the API is derived by <see cref="Derive"/> from a "plan" row (who, which day
/// and time in the responsible's zone, type, link, when created and completed): due_at and remind_at as NewTask and
/// UserZone reckon them, reminded_at and overdue_at as the reminder job (every 15 s) would have marked them. The
/// same SQL derives the check rows of tasks created through the API, so the two are compared column by column.
/// </summary>
internal static class TaskLoad
{
    public static readonly Guid Call = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    public static readonly Guid Meeting = Guid.Parse("0193a000-0000-7000-8000-000000000002");
    public static readonly Guid Letter = Guid.Parse("0193a000-0000-7000-8000-000000000003");
    public static readonly Guid Other = Guid.Parse("0193a000-0000-7000-8000-000000000004");

    private static readonly string[] Texts = ["Позвонить клиенту", "Перезвонить по КП", "Отправить коммерческое предложение",
        "Выставить счёт", "Согласовать договор", "Встреча в офисе клиента", "Демонстрация техники", "Уточнить сроки поставки",
        "Напомнить об оплате", "Отправить акт сверки", "Подготовить спецификацию", "Обсудить скидку", "Договориться о тест-драйве",
        "Проверить оплату", "Отправить фото техники", "Назначить выезд инженера"];

    private static readonly string[] Results = ["Выполнено", "Клиент не ответил, перезвоню", "Договорились о встрече", "КП отправлено",
        "Счёт оплачен", "Клиент думает", "Перенесли на следующую неделю"];

    /// <summary>The plan of a task: what a user typed and when things happened; <see cref="Derive"/> makes the row.</summary>
    public const string CreatePlanTable =
        """
        create temp table bench_plan (
            id uuid primary key, responsible_id uuid not null, time_zone text not null, lead int not null,
            due_day date not null, due_time time, type_id uuid not null, text text not null, link_kind text, link_id uuid,
            author_id uuid not null, created_at timestamptz not null, completed_at timestamptz, completed_by uuid, result text,
            jitter_s int not null
        ) on commit drop
        """;

    /// <summary>due_at: a timed task at its local day and time; an all-day one at the last second of its day (UserZone.EndOf).</summary>
    private const string DueAt =
        """
        case when p.due_time is null then ((p.due_day + 1)::timestamp at time zone p.time_zone) - interval '1 second'
             else (p.due_day + p.due_time) at time zone p.time_zone end
        """;

    /// <summary>
    /// tasks.tasks' columns from bench_plan p (@Now: the time the job last ran). remind_at as UserZone.RemindAt (all
    /// day: 09:00 of the day; else the lead before due). The job marks a reminder (overdue) once it is due and the task
    /// still open, at its next run after that or after the task was created: jitter_s seconds later, never after
    /// completion or now. link_search: the linked copy's folded name, as Tasks' LinkSearch sets it.
    /// </summary>
    public static readonly string Derive =
        $"""
        select p.id, p.type_id, p.text, d.due_at, p.due_time is null as all_day, case when p.due_time is null then p.due_day end as due_date,
               case when p.due_time is not null and p.type_id = '{Meeting}' then 60 end as duration_minutes,
               p.responsible_id, p.link_kind, p.link_id, p.author_id, p.created_at, coalesce(p.completed_at, p.created_at) as updated_at,
               p.completed_at, p.completed_by, p.result, r.remind_at,
               coalesce(case p.link_kind when 'deal' then (select x.search from tasks.deals x where x.id = p.link_id)
                                         when 'company' then (select x.search from tasks.companies x where x.id = p.link_id)
                                         when 'contact' then (select x.search from tasks.contacts x where x.id = p.link_id) end, '') as link_search,
               case when greatest(r.remind_at, p.created_at) <= coalesce(p.completed_at, @Now)
                    then least(greatest(r.remind_at, p.created_at) + p.jitter_s * interval '1 second', coalesce(p.completed_at, @Now)) end as reminded_at,
               case when d.due_at < coalesce(p.completed_at, @Now)
                    then least(greatest(d.due_at, p.created_at) + p.jitter_s * interval '1 second', coalesce(p.completed_at, @Now)) end as overdue_at,
               case when p.completed_at is null then 1 else 2 end as version
        from bench_plan p
        cross join lateral (select {DueAt} as due_at) d
        cross join lateral (
            select case when p.due_time is null then (p.due_day + time '09:00') at time zone p.time_zone
                        else d.due_at - make_interval(mins => p.lead) end as remind_at
        ) r
        """;

    public const string TaskColumns =
        """
        id, type_id, text, due_at, all_day, due_date, duration_minutes, responsible_id, link_kind, link_id, author_id,
        created_at, updated_at, completed_at, completed_by, result, remind_at, reminded_at, overdue_at, version, link_search
        """;

    /// <summary>
    /// deals.task_facts as Deals' handlers keep it: one row per task heard of, the deal only for a task on a deal;
    /// closed_at is when the handler heard of the completion (here: the completion itself).
    /// </summary>
    public const string DealFacts =
        """
        select t.id, case when t.link_kind = 'deal' then t.link_id end as deal_id, t.due_at,
               case when t.completed_at is not null then 'completed' else 'open' end as status, t.version, t.completed_at as closed_at
        from tasks.tasks t
        """;

    /// <summary>directory.task_facts as Directory's handlers keep it: one row per task, its company or contact.</summary>
    public const string DirectoryFacts =
        """
        select t.id, case when t.link_kind = 'company' then t.link_id end as company_id,
               case when t.link_kind = 'contact' then t.link_id end as contact_id, case when t.completed_at is not null then 'completed' else 'open' end as status, t.version,
               t.completed_at as closed_at
        from tasks.tasks t
        """;

    /// <summary>Each deal's open task count and nearest due, from deals.task_facts (as KeepDealTaskFacts recounts them).</summary>
    public const string DealCounts =
        """
        select d.id, coalesce(f.count, 0) as count, f.due
        from deals.deals d
        left join (
            select deal_id, count(*)::int as count, min(due_at) as due from deals.task_facts
            where deal_id is not null and status = 'open' group by deal_id
        ) f on f.deal_id = d.id
        """;

    public static async Task<TaskLoadResult> RunAsync(
        NpgsqlDataSource db, TasksOptions options, Guid admin, Guid[] managers, Guid[] companies, Guid[] contacts, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var watch = Stopwatch.StartNew();
        double load, facts, index;
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await conn.ExecuteAsync("select setseed(@Seed)", new { Seed = options.Seed / (double)int.MaxValue }, tx);
            // Tasks' copy of the deals (DealCreated, DealWon/Lost): the loaded deals never raised events.
            await conn.ExecuteAsync(
                """
                insert into tasks.deals (id, name, responsible_id, closed, deleted)
                select id, name, responsible_id, closed_at is not null, false from deals.deals
                on conflict (id) do nothing
                """, transaction: tx);
            // Deals to pick from: open tasks go to 65 % of the open deals (the rest stay "без задач"), done ones to any.
            await conn.ExecuteAsync(
                $"""
                create temp table bench_all_deals on commit drop as
                    select row_number() over (order by id)::int as n, id, responsible_id from deals.deals where deleted_at is null;
                alter table bench_all_deals add primary key (n);
                create temp table bench_open_deals on commit drop as
                    select row_number() over (order by id)::int as n, id, responsible_id from deals.deals
                    where deleted_at is null and closed_at is null and random() < {options.DealsWithTasks.ToString(System.Globalization.CultureInfo.InvariantCulture)};
                alter table bench_open_deals add primary key (n);
                analyze bench_all_deals;
                analyze bench_open_deals;
                {CreatePlanTable};
                """, transaction: tx);
            var dealCount = await conn.QuerySingleAsync<int>("select count(*) from bench_all_deals", transaction: tx);
            var openDealCount = await conn.QuerySingleAsync<int>("select count(*) from bench_open_deals", transaction: tx);

            // The plan: 90 % on deals, 4 % companies, 4 % contacts, 2 % nothing; 10 % open: 35 % of them due on the
            // 180 days before today (fewer the older: a linearly falling density), 65 % evenly over today and the 90
            // days after it; the done ones due evenly over 3 years (2 % up to 2 weeks ahead); 15 % all day,
            // the rest at 09:00–19:45 local in 15-minute steps; created up to 2 weeks before due; done from 1.5 days
            // early to 2.5 days late.
            await conn.ExecuteAsync(
                """
                with r as materialized (
                    select n, random() < @OpenShare as open, random() as r_kind, random() as r_target, random() as r_resp,
                           random() as r_other, random() as r_day, random() as r_slot, random() as r_allday, random() as r_type,
                           random() as r_text, random() as r_created, random() as r_done, random() as r_author, random() as r_result,
                           floor(random() * 15)::int as jitter_s, md5(random()::text) as hex
                    from generate_series(1, @Count) n
                ), linked as materialized (
                    select r.*,
                           case when r.r_kind < 0.90 then 'deal' when r.r_kind < 0.94 then 'company' when r.r_kind < 0.98 then 'contact' end as link_kind,
                           case when r.r_kind < 0.90 then coalesce(od.id, ad.id)
                                when r.r_kind < 0.94 then (@Companies::uuid[])[1 + floor(r.r_target * @CompanyCount)::int]
                                when r.r_kind < 0.98 then (@Contacts::uuid[])[1 + floor(r.r_target * @ContactCount)::int] end as link_id,
                           case when r.r_kind < 0.90 and r.r_resp < 0.9 then coalesce(od.responsible_id, ad.responsible_id)
                                else (@Managers::uuid[])[1 + floor(power(r.r_other, 1.2) * @ManagerCount)::int] end as responsible_id
                    from r
                    left join bench_open_deals od on r.open and r.r_kind < 0.90 and od.n = 1 + floor(r.r_target * @OpenDealCount)::int
                    left join bench_all_deals ad on not r.open and r.r_kind < 0.90 and ad.n = 1 + floor(r.r_target * @DealCount)::int
                ), dated as materialized (
                    select l.*, u.time_zone, u.reminder_lead_minutes as lead,
                           (@Now::timestamptz at time zone u.time_zone)::date + case
                               when l.open and l.r_day < 0.35 then -1 - floor(180 * (1 - sqrt(1 - l.r_day / 0.35)))::int
                               when l.open then floor(91 * (l.r_day - 0.35) / 0.65)::int
                               when l.r_day < 0.98 then -floor(1095 * l.r_day / 0.98)::int
                               else floor(14 * (l.r_day - 0.98) / 0.02)::int end as due_day,
                           case when l.r_allday < 0.15 then null else time '09:00' + interval '15 minutes' * floor(l.r_slot * 44) end as due_time
                    from linked l join tasks.users u on u.id = l.responsible_id
                ), timed as (
                    select x.*, least(x.due_at, @Now) - interval '1 minute' * (5 + floor(x.r_created * 20160)) as created_at
                    from (
                        select p.*, case when p.due_time is null then ((p.due_day + 1)::timestamp at time zone p.time_zone) - interval '1 second'
                                         else (p.due_day + p.due_time) at time zone p.time_zone end as due_at
                        from dated p
                    ) x
                )
                insert into bench_plan (id, responsible_id, time_zone, lead, due_day, due_time, type_id, text, link_kind, link_id,
                                        author_id, created_at, completed_at, completed_by, result, jitter_s)
                select (lpad(to_hex(floor(extract(epoch from t.created_at) * 1000)::bigint), 12, '0') || '7' || substr(t.hex, 1, 3)
                           || '8' || substr(t.hex, 4, 15))::uuid,
                       t.responsible_id, t.time_zone, t.lead, t.due_day, t.due_time,
                       case when t.r_type < 0.5 then @Call when t.r_type < 0.65 then @Meeting when t.r_type < 0.85 then @Letter else @Other end,
                       (@Texts::text[])[1 + floor(t.r_text * @TextCount)::int],
                       t.link_kind, t.link_id,
                       case when t.r_author < 0.8 then t.responsible_id else @Admin end,
                       t.created_at, c.completed_at,
                       case when c.completed_at is null then null when t.r_author < 0.9 then t.responsible_id else @Admin end,
                       case when c.completed_at is null then null else (@Results::text[])[1 + floor(t.r_result * @ResultCount)::int] end,
                       t.jitter_s
                from timed t
                cross join lateral (
                    select case when t.open then null
                                else greatest(t.created_at + interval '1 minute',
                                              least(@Now - interval '1 minute', t.due_at + interval '1 minute' * floor((t.r_done * 4 - 1.5) * 1440)))
                           end as completed_at
                ) c
                """,
                new
                {
                    options.Count, OpenShare = options.OpenShare, Now = now, Admin = admin,
                    Managers = managers, ManagerCount = managers.Length, Companies = companies, CompanyCount = companies.Length,
                    Contacts = contacts, ContactCount = contacts.Length, DealCount = dealCount, OpenDealCount = openDealCount,
                    Call, Meeting, Letter, Other, Texts, TextCount = Texts.Length, Results, ResultCount = Results.Length,
                }, tx);

            // tasks.tasks without its secondary indexes (built again below from their own definitions), in the order
            // the rows would have been written (by creation), as the API would have written them.
            var indexes = (await conn.QueryAsync<(string Schema, string Name, string Definition)>(
                """
                select schemaname, indexname, indexdef from pg_indexes
                where (schemaname, tablename) in (('tasks', 'tasks'), ('deals', 'task_facts')) and indexname not like '%pkey'
                """, transaction: tx)).ToList();
            foreach (var (schema, name, _) in indexes)
            {
                await conn.ExecuteAsync($"drop index {schema}.{name}", transaction: tx);
            }
            await conn.ExecuteAsync($"insert into tasks.tasks ({TaskColumns}) select {TaskColumns} from ({Derive}) x order by x.created_at",
                new { Now = now }, tx);
            load = watch.Elapsed.TotalSeconds;
            watch.Restart();

            // What Deals and Directory made of the TaskCreated / TaskCompleted events (the tasks created through the
            // API for the check have theirs already, written by the handlers).
            await conn.ExecuteAsync(
                $"""
                insert into deals.task_facts (id, deal_id, due_at, status, version, closed_at)
                {DealFacts}
                on conflict (id) do nothing;
                insert into directory.task_facts (id, company_id, contact_id, status, version, closed_at)
                {DirectoryFacts}
                on conflict (id) do nothing;
                """, transaction: tx);
            facts = watch.Elapsed.TotalSeconds;
            watch.Restart();
            foreach (var (_, _, definition) in indexes)
            {
                await conn.ExecuteAsync(definition, transaction: tx);
            }
            index = watch.Elapsed.TotalSeconds;
            watch.Restart();
            // The deals' counts as KeepDealTaskFacts recounts them, and the board's totals as the trigger keeps them
            // (disabled for the update, then refilled in one statement); the companies' and contacts' open task counts.
            await conn.ExecuteAsync(
                $"""
                alter table deals.deals disable trigger keep_stage_totals;
                update deals.deals d set open_task_count = f.count, next_task_due = f.due
                from ({DealCounts}) f
                where d.id = f.id and (d.open_task_count, d.next_task_due) is distinct from (f.count, f.due);
                {Board.BulkLoad.RefillStageTotals}
                alter table deals.deals enable trigger keep_stage_totals;
                insert into directory.company_facts as f (company_id, open_task_count)
                select company_id, count(*) from directory.task_facts where company_id is not null and status = 'open' group by company_id
                on conflict (company_id) do update set open_task_count = excluded.open_task_count;
                insert into directory.contact_facts as f (contact_id, open_task_count)
                select contact_id, count(*) from directory.task_facts where contact_id is not null and status = 'open' group by contact_id
                on conflict (contact_id) do update set open_task_count = excluded.open_task_count;
                -- the ready filters' flags as OpenCounts sets them (the trigger keeps directory.idle_totals)
                update directory.companies c set idle = (f.open_deal_count = 0 and f.open_task_count = 0)
                from directory.company_facts f where f.company_id = c.id and c.idle <> (f.open_deal_count = 0 and f.open_task_count = 0);
                update directory.contacts c set idle = (f.open_task_count = 0)
                from directory.contact_facts f where f.contact_id = c.id and c.idle <> (f.open_task_count = 0);
                """, transaction: tx);
            facts += watch.Elapsed.TotalSeconds;
            await tx.CommitAsync(ct);
        }
        watch.Restart();
        foreach (var table in new[] { "tasks.tasks", "tasks.deals", "deals.task_facts", "deals.deals", "deals.stage_totals",
                     "directory.task_facts", "directory.company_facts", "directory.contact_facts" })
        {
            await conn.ExecuteAsync($"vacuum analyze {table}");
        }
        var analyze = watch.Elapsed.TotalSeconds;

        var c = await conn.QuerySingleAsync<(long, long, long, long, long, long, long, long)>(
            """
            select count(*), count(*) filter (where completed_at is null), count(*) filter (where completed_at is null and due_at < @now),
                   count(*) filter (where link_kind = 'deal'), count(*) filter (where link_kind = 'company'),
                   count(*) filter (where link_kind = 'contact'), count(*) filter (where link_kind is null), count(*) filter (where all_day)
            from tasks.tasks
            """, new { now });
        var (withTasks, bare) = await conn.QuerySingleAsync<(long, long)>(
            """
            select count(*) filter (where open_task_count > 0), count(*) filter (where open_task_count = 0 and closed_at is null)
            from deals.deals where deleted_at is null
            """);
        var sizes = await conn.QuerySingleAsync<(string, string, string)>(
            """
            select pg_size_pretty(pg_total_relation_size('tasks.tasks')), pg_size_pretty(pg_total_relation_size('deals.task_facts')),
                   pg_size_pretty(pg_total_relation_size('directory.task_facts'))
            """);
        return new TaskLoadResult(c.Item1, c.Item2, c.Item3, c.Item4, c.Item5, c.Item6, c.Item7, c.Item8, withTasks, bare,
            Math.Round(load, 1), Math.Round(facts, 1), Math.Round(index, 1), Math.Round(analyze, 1), sizes.Item1, sizes.Item2, sizes.Item3);
    }
}
