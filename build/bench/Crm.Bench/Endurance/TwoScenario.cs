using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Dapper;
using Npgsql;

namespace Crm.Bench.Endurance;

/// <summary>
/// Reminders and overdue notices as the database shows them (no SignalR client here): per task the
/// TaskReminderDue and TaskOverdue events in bus.outbox, the marks the job set (tasks.tasks.reminded_at,
/// overdue_at), and whether Messaging's NotifyTaskDue kept each reminder as a notification (its lane Messaging.NotifyTaskDue in bus.inbox). A reminder is sent when the job
/// marked it before the due time, and then exactly once; marked after it, it is not sent (the overdue notice says more).
/// </summary>
public sealed record ReminderCheck(
    long Tasks, long Lost, long SentOnce, long SentTwice, long Missing, long SentPastDue, long MarkedPastDue, long Pushed,
    long OverdueOnce, long OverdueTwice, long OverdueMissing, long TaskFactsOff, double WaitSeconds, string[] Examples)
{
    public bool Ok => Lost == 0 && SentTwice == 0 && Missing == 0 && SentPastDue == 0 && Pushed == SentOnce
                      && OverdueTwice == 0 && OverdueMissing == 0 && TaskFactsOff == 0;
}

public sealed record TwoReport(
    EnduranceMeta Meta, EnduranceOptions Parameters, string Database, CallCounts Calls, long[] CallsPerHost, long CreatesAcknowledged,
    long MovesAcknowledged, ReminderCheck Reminders, BusState Bus, DealCheck Check, Dictionary<string, Stats> ClientMs, string[] HostErrors)
{
    public bool Passed => Calls.ServerErrors == 0 && Calls.NoAnswer == 0 && Check.Ok && Reminders.Ok && Bus.Ok;
}

/// <summary>
/// Two hosts on one database, as a deployment with two instances: clients alternate between them creating and
/// moving deals and planning tasks due a minute or two ahead, with a reminder a minute before. Both instances run
/// the bus's workers and the reminder job. See build/bench/README.md, section "endurance".
/// </summary>
internal static class TwoScenario
{
    private const int LeadMinutes = 1;

    public static async Task<TwoReport> RunAsync(EnduranceOptions o, CancellationToken ct)
    {
        await using var run = await EnduranceRun.CreateAsync(o, "two", ct);
        var first = new Uri($"http://127.0.0.1:{o.Port}/");
        var second = new Uri($"http://127.0.0.1:{o.SecondPort}/");
        // one after the other: the first migrates and seeds
        await run.StartHostAsync(o.Port, ct);
        await run.StartHostAsync(o.SecondPort, ct);
        var w = await Workspace.PrepareAsync(first, run.Db, o, "endurance two", ct);
        var callTypeId = await SoakScenario.CallTypeAsync(w, ct);
        await SetLeadAsync(run.Db, first, o, ct);

        var calls = new CallLog("two");
        var book = new DealBook();
        var tasks = new ConcurrentBag<Guid>();
        var perHost = new long[2];
        var prefix = $"two {run.Database} ";
        using (var over = new CancellationTokenSource(TimeSpan.FromMinutes(o.Minutes)))
        {
            await Task.WhenAll(Enumerable.Range(0, o.Clients).Select(c => ClientAsync(
                w, [first, second], perHost, calls, book, tasks, callTypeId, $"{prefix}c{c} ", o.Seed * 100 + c, over.Token, ct)));
        }
        Console.Error.WriteLine($"[two] load over: {calls.Calls} calls ({perHost[0]} / {perHost[1]}), {book.CreatesAcknowledged} deals, {tasks.Count} tasks; waiting for every task's reminder and overdue marks");

        var waited = await WaitForMarksAsync(run.Db, [.. tasks], ct);
        var bus = await Verify.WaitForBusAsync(run.Db, TimeSpan.FromMinutes(5), ct);
        var reminders = await RemindersAsync(run.Db, [.. tasks], waited, ct);
        var check = await Verify.DealsAsync(run.Db, book, prefix, ct);
        return new TwoReport(run.Meta(), o.Public(), run.Database, calls.Counts(), perHost, book.CreatesAcknowledged, book.MovesAcknowledged,
            reminders, bus, check, calls.Latencies(), run.HostErrors());
    }

    /// <summary>The admin (every deal's and task's responsible here) is reminded a minute before; waits until Tasks' copy of the user has it.</summary>
    private static async Task SetLeadAsync(NpgsqlDataSource db, Uri baseAddress, EnduranceOptions o, CancellationToken ct)
    {
        using (var session = await BrowserSession.SignInAsync(baseAddress, o.AdminEmail, o.AdminPassword, ct))
        {
            await session.SendAsync(HttpMethod.Put, "api/identity/me/settings",
                new { language = "ru", timeZone = "Europe/Moscow", reminderLeadMinutes = LeadMinutes }, "settings", ct);
        }
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            var lead = await conn.QuerySingleOrDefaultAsync<int?>(
                "select u.reminder_lead_minutes from tasks.users u join identity.users i on i.id = u.id where i.email = @AdminEmail", new { o.AdminEmail });
            if (lead == LeadMinutes)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Tasks never heard of the admin's lead time ({lead})");
            }
            await Task.Delay(200, ct);
        }
    }

    /// <summary>Deals created and moved, and every other round a task on one of them due in 90–150 s; each call to the next host in turn.</summary>
    private static async Task ClientAsync(
        Workspace w, Uri[] hosts, long[] perHost, CallLog calls, DealBook book, ConcurrentBag<Guid> tasks, Guid callTypeId, string names,
        int seed, CancellationToken over, CancellationToken ct)
    {
        var random = new Random(seed);
        var http = hosts.Select(h => Api.Client(h, w.Token)).ToArray();
        var turn = seed % 2;
        HttpClient Next()
        {
            var host = turn++ % 2;
            Interlocked.Increment(ref perHost[host]);
            return http[host];
        }
        try
        {
            var mine = new List<TrackedDeal>();
            for (var i = 0; !over.IsCancellationRequested; i++)
            {
                var stage = w.Stages[random.Next(w.Stages.Length)];
                book.CreateSent();
                var created = await calls.PostAsync(Next(), "deal-create", "api/deals", w.NewDeal($"{names}{i}", stage), ct);
                if (created.Is(HttpStatusCode.Created))
                {
                    mine.Add(book.Created(created.Body.GetProperty("id").GetGuid(), stage));
                }
                if (mine.Count == 0)
                {
                    continue;
                }
                var deal = mine[random.Next(mine.Count)];
                var target = w.OtherStage(random, deal.Current);
                var moved = await calls.PostAsync(Next(), "deal-move", $"api/deals/{deal.Id}/stage", new { stageId = target }, ct);
                if (moved.Status is null or HttpStatusCode.OK || (int)moved.Status >= 500)
                {
                    book.Moved(deal, target, moved.Is(HttpStatusCode.OK));
                }
                if (i % 2 == 0)
                {
                    var task = await calls.PostAsync(Next(), "task-create", "api/tasks", new
                    {
                        typeId = callTypeId,
                        text = $"Перезвонить: {names}{i}",
                        dueAt = DateTimeOffset.UtcNow.AddSeconds(90 + random.Next(61)).ToString("O", CultureInfo.InvariantCulture),
                        linkKind = "deal",
                        linkId = mine[random.Next(mine.Count)].Id,
                    }, ct);
                    if (task.Is(HttpStatusCode.Created))
                    {
                        tasks.Add(task.Body.GetProperty("id").GetGuid());
                    }
                }
            }
        }
        finally
        {
            foreach (var client in http)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>The sentinel: every task has both marks (the job runs every 15 s on each host); at most 3 minutes after the last due time.</summary>
    private static async Task<double> WaitForMarksAsync(NpgsqlDataSource db, Guid[] ids, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow.AddMinutes(6);
        while (true)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            var (unmarked, lastDue) = await conn.QuerySingleAsync<(long, DateTime?)>(
                "select count(*) filter (where reminded_at is null or overdue_at is null), max(due_at) from tasks.tasks where id = any(@ids)", new { ids });
            if (unmarked == 0 || DateTime.UtcNow > deadline || (lastDue is { } due && DateTime.UtcNow > due.AddMinutes(3)))
            {
                if (unmarked > 0)
                {
                    Console.Error.WriteLine($"[two] {unmarked} tasks still without their marks");
                }
                return Math.Round(started.Elapsed.TotalSeconds, 1);
            }
            await Task.Delay(1000, ct);
        }
    }

    private static async Task<ReminderCheck> RemindersAsync(NpgsqlDataSource db, Guid[] ids, double waited, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<(Guid Id, DateTime DueAt, DateTime? RemindedAt, DateTime? OverdueAt, long Reminders, long Overdue, long Pushed)>(
            """
            with events as (
                select o.id, o.event_type, (o.payload -> 'task' ->> 'taskId')::uuid as task_id from bus.outbox o
                where o.event_type in ('Crm.Modules.Tasks.Contracts.TaskReminderDue', 'Crm.Modules.Tasks.Contracts.TaskOverdue')
            )
            select t.id, t.due_at, t.reminded_at, t.overdue_at,
                   (select count(*) from events e where e.task_id = t.id and e.event_type like '%.TaskReminderDue'),
                   (select count(*) from events e where e.task_id = t.id and e.event_type like '%.TaskOverdue'),
                   (select count(*) from events e join bus.inbox i on i.event_id = e.id and i.handler = 'Messaging.NotifyTaskDue'
                    where e.task_id = t.id and e.event_type like '%.TaskReminderDue')
            from tasks.tasks t where t.id = any(@ids)
            """, new { ids })).ToList();
        var factsOff = await conn.QuerySingleAsync<long>(
            """
            select (select count(*) from tasks.tasks t left join deals.task_facts f on f.id = t.id
                    where t.id = any(@ids) and (f.id is null or f.version <> t.version or f.due_at <> t.due_at))
                 + (select count(*) from deals.deals d
                    where d.open_task_count <> (select count(*) from deals.task_facts f where f.deal_id = d.id and f.status = 'open'))
            """, new { ids });
        var examples = new List<string>();
        long sentOnce = 0, twice = 0, missing = 0, sentPastDue = 0, pastDue = 0, pushed = 0, overdueOnce = 0, overdueTwice = 0, overdueMissing = 0;
        foreach (var r in rows)
        {
            var expected = r.RemindedAt is { } at && at < r.DueAt;
            var off = true;
            switch (expected, r.Reminders)
            {
                case (true, 1): sentOnce++; off = false; break;
                case (_, > 1): twice++; break;
                case (true, 0): missing++; break;
                case (false, 0) when r.RemindedAt is not null: pastDue++; off = false; break;
                case (false, 0): missing++; break;
                default: sentPastDue++; break;
            }
            pushed += r.Pushed;
            switch (r.Overdue)
            {
                case 1 when r.OverdueAt is not null: overdueOnce++; break;
                case > 1: overdueTwice++; off = true; break;
                default: overdueMissing++; off = true; break;
            }
            if (off && examples.Count < 10)
            {
                examples.Add(FormattableString.Invariant($"task {r.Id}: due {r.DueAt:O}, reminded {r.RemindedAt:O}, overdue {r.OverdueAt:O}, {r.Reminders} reminders, {r.Overdue} overdue notices"));
            }
        }
        return new ReminderCheck(ids.Length, ids.Length - rows.Count, sentOnce, twice, missing, sentPastDue, pastDue, pushed,
            overdueOnce, overdueTwice, overdueMissing, factsOff, waited, [.. examples]);
    }
}
