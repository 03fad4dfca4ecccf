using System.Diagnostics;
using Crm.Bench.Board;
using Crm.Bench.Suggest;
using Crm.Bench.Tasks;
using Dapper;
using Npgsql;

namespace Crm.Bench.Tables;

public sealed record TablesLoadResult(
    DirectoryLoadResult Directory, LoadResult Deals, TaskLoadResult Tasks, long DealRows, long OpenDeals, long BareDeals,
    long LinkedDeals, long WithNumber, long WithText, double CopiesSeconds, Dictionary<string, string> Sizes);

/// <summary>
/// The data of the tables benchmark, all straight into the tables (<c>insert … select … generate_series</c>, one
/// transaction per part, <c>setseed</c> first): Directory's companies and contacts as the suggest benchmark loads them
/// (<see cref="DirectoryLoad"/>); the copies Deals and Tasks would have made of them from Directory's events;
/// the deals as the board benchmark loads them (<see cref="BulkLoad"/>) over every pipeline, with Directory's company
/// and main contact and two custom values; what Directory makes of the deals' events (deal_facts, open deal counts);
/// the tasks as the tasks benchmark loads them (<see cref="TaskLoad"/>: deals.task_facts, each deal's
/// open_task_count / next_task_due, the board's bare totals, Directory's task counts and idle flags). Then
/// vacuum analyze of every table loaded.
/// </summary>
internal static class TablesLoad
{
    /// <summary>The custom text field's values (60 % of the deals have one); «Выставка …» is one in ten of them.</summary>
    public static readonly string[] Sources = ["Сайт", "Входящий звонок", "Выставка «СтройТех»", "Рекомендация клиента",
        "Тендер на площадке", "Холодный звонок", "Партнёр-дилер", "Повторное обращение", "Реклама в Яндексе", "Письмо на почту"];

    /// <summary>The link table's rows: a contact not deleted, with its company when it has one.</summary>
    private const string LinksSql =
        """
        drop table if exists public.bench_deal_links;
        create unlogged table public.bench_deal_links as
        select row_number() over (order by c.id)::int as n, co.id as company_id, co.name as company_name, c.id as contact_id, c.full_name as contact_name
        from directory.contacts c left join directory.companies co on co.id = c.company_id
        where c.deleted_at is null;
        alter table public.bench_deal_links add primary key (n);
        analyze public.bench_deal_links;
        """;

    /// <summary>Deals' and Tasks' copies of Directory's names, as their handlers of CompanyCreated / ContactCreated keep them.</summary>
    private const string CopiesSql =
        """
        insert into deals.companies (id, name, deleted, version)
        select id, name, deleted_at is not null, version from directory.companies on conflict (id) do nothing;
        insert into deals.contacts (id, name, deleted, version)
        select id, full_name, deleted_at is not null, version from directory.contacts on conflict (id) do nothing;
        insert into tasks.companies (id, name, deleted)
        select id, name, deleted_at is not null from directory.companies on conflict (id) do nothing;
        insert into tasks.contacts (id, name, deleted)
        select id, full_name, deleted_at is not null from directory.contacts on conflict (id) do nothing;
        """;

    /// <summary>What Directory keeps of the deals' events (KeepCompanyDealCounts): a fact per deal, its company's open deal count.</summary>
    private const string DealFactsSql =
        """
        insert into directory.deal_facts (deal_id, company_id, deleted, open, version)
        select id, company_id, false, closed_at is null, version from deals.deals where deleted_at is null
        on conflict (deal_id) do nothing;
        insert into directory.company_facts as f (company_id, open_deal_count)
        select company_id, count(*) from deals.deals where company_id is not null and deleted_at is null and closed_at is null group by company_id
        on conflict (company_id) do update set open_deal_count = excluded.open_deal_count;
        """;

    public static async Task<TablesLoadResult> RunAsync(
        NpgsqlDataSource db, TablesOptions options, Guid admin, Guid[] managers, Guid numberField, Guid textField, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        Console.Error.WriteLine($"[tables] loading {options.Companies} companies and {options.Contacts} contacts");
        var directory = await DirectoryLoad.RunAsync(conn, admin, options.Companies, options.Contacts, options.Seed, ct);
        Console.Error.WriteLine($"[tables] directory in {directory.LoadSeconds:0.0} s, indexes {directory.IndexSeconds:0.0} s");

        var watch = Stopwatch.StartNew();
        await conn.ExecuteAsync(LinksSql + CopiesSql);
        var linkCount = await conn.QuerySingleAsync<int>("select count(*) from public.bench_deal_links");
        var copies = watch.Elapsed.TotalSeconds;

        // Custom values as the deal form writes them: a number as a JSON number, a text as a string, an unset field absent.
        var sources = string.Join(", ", Sources.Select(s => $"'{s}'"));
        var custom = $"""
            jsonb_strip_nulls(jsonb_build_object(
                '{numberField}', case when random() < 0.8 then round((power(random(), 2) * 1000)::numeric) end,
                '{textField}', case when random() < 0.6 then (array[{sources}])[1 + floor(random() * {Sources.Length})::int] end))
            """;
        var target = (int)(options.Deals * 0.6);
        var boardOptions = new BoardOptions(options.Server, options.AppDir, options.Port, target, options.Deals - target, managers.Length,
            options.Warmup, options.Calls, options.Clients, options.Seed, options.OutputPath, options.KeepDatabase);
        Console.Error.WriteLine($"[tables] loading {options.Deals} deals");
        var deals = await BulkLoad.RunAsync(db, managers, boardOptions, ct, responsibleSkew: 1.2,
            extras: new DealExtras("public.bench_deal_links", linkCount, custom, DropIndexes: true));
        Console.Error.WriteLine($"[tables] deals in {deals.LoadSeconds:0.0} s (indexes included), totals {deals.TotalsSeconds:0.0} s, vacuum analyze {deals.AnalyzeSeconds:0.0} s; deals.deals {deals.TableSize}");

        watch.Restart();
        await conn.ExecuteAsync(DealFactsSql);
        await conn.ExecuteAsync("drop table public.bench_deal_links");
        copies += watch.Elapsed.TotalSeconds;

        var companies = (await conn.QueryAsync<Guid>("select id from directory.companies where deleted_at is null order by id")).ToArray();
        var contacts = (await conn.QueryAsync<Guid>("select id from directory.contacts where deleted_at is null order by id")).ToArray();
        var taskOptions = new TasksOptions(options.Server, options.AppDir, options.Port, options.Tasks, options.OpenShare, 0.65, target,
            options.Deals - target, managers.Length, companies.Length, contacts.Length, options.Warmup, options.Calls, options.Clients,
            options.Seed, options.OutputPath, options.KeepDatabase);
        Console.Error.WriteLine($"[tables] loading {options.Tasks} tasks");
        var tasks = await TaskLoad.RunAsync(db, taskOptions, admin, managers, companies, contacts, now, ct);
        Console.Error.WriteLine($"[tables] tasks in {tasks.LoadSeconds:0.0} s, facts {tasks.FactsSeconds:0.0} s, indexes {tasks.IndexSeconds:0.0} s");
        foreach (var table in new[] { "deals.companies", "deals.contacts", "deals.deal_contacts", "tasks.companies", "tasks.contacts",
                     "directory.deal_facts", "directory.companies", "directory.contacts" })
        {
            await conn.ExecuteAsync($"vacuum analyze {table}");
        }

        var c = await conn.QuerySingleAsync<(long, long, long, long, long, long)>(
            """
            select count(*), count(*) filter (where closed_at is null), count(*) filter (where closed_at is null and next_task_due is null),
                   count(*) filter (where company_id is not null),
                   count(*) filter (where custom ? @Number), count(*) filter (where custom ? @Text)
            from deals.deals where deleted_at is null
            """, new { Number = numberField.ToString(), Text = textField.ToString() });
        var sizes = (await conn.QueryAsync<(string, string)>(
            """
            select t, pg_size_pretty(pg_total_relation_size(t::regclass)) from unnest(array['deals.deals', 'tasks.tasks',
                'directory.companies', 'directory.contacts', 'deals.task_facts']) t
            """)).ToDictionary(r => r.Item1, r => r.Item2);
        return new TablesLoadResult(directory, deals, tasks, c.Item1, c.Item2, c.Item3, c.Item4, c.Item5, c.Item6, Math.Round(copies, 1), sizes);
    }
}
