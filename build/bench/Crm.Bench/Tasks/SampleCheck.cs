using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace Crm.Bench.Tasks;

public sealed record TaskSample(string What, Guid Id, string Api, string Derived, string? ApiRemindedAt, string? DerivedRemindedAt,
    string? ApiOverdueAt, string? DerivedOverdueAt, string ApiDealFact, string DerivedDealFact, string ApiDirectoryFact, string DerivedDirectoryFact, bool Same);

public sealed record TaskSampleCheck(bool Identical, TaskSample[] Tasks);

/// <summary>
/// Tasks created (and one completed) through the API, then the loader's own SQL (<see cref="TaskLoad.Derive"/>,
/// <see cref="TaskLoad.DealFacts"/>, <see cref="TaskLoad.DirectoryFacts"/>) run on the same inputs: every column must
/// be the same, reminded_at and overdue_at to within the reminder job's period (the job, not the loader, picked their moment).
/// </summary>
internal static class SampleCheck
{
    private sealed record Case(string What, Guid Responsible, string Zone, Guid TypeId, string Text, DateOnly Day, TimeOnly? Time,
        int? Duration, string? LinkKind, Guid? LinkId, bool Complete);

    public static async Task<TaskSampleCheck> RunAsync(
        NpgsqlDataSource db, HttpClient api, ScenarioRunner runner, Guid[] managers, Func<int, string> zoneOf, Guid company, Guid contact, Guid admin,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var deal = await conn.QuerySingleAsync<Guid>("select id from deals.deals where closed_at is null order by id limit 1");
        int Of(string zone) => Enumerable.Range(0, managers.Length).First(i => zoneOf(i) == zone);
        var moscow = Of("Europe/Moscow");
        var yekaterinburg = Of("Asia/Yekaterinburg");
        var novosibirsk = Of("Asia/Novosibirsk");
        DateOnly Today(string zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
        var cases = new[]
        {
            new Case("timed meeting tomorrow on a deal (Moscow)", managers[moscow], zoneOf(moscow), TaskLoad.Meeting, "Встреча в офисе клиента",
                Today(zoneOf(moscow)).AddDays(1), new TimeOnly(11, 30), 60, "deal", deal, false),
            new Case("all-day call the day after tomorrow on a company (UTC+7)", managers[novosibirsk], zoneOf(novosibirsk), TaskLoad.Call, "Позвонить клиенту",
                Today(zoneOf(novosibirsk)).AddDays(2), null, null, "company", company, false),
            new Case("timed letter yesterday on a contact, overdue (UTC+5)", managers[yekaterinburg], zoneOf(yekaterinburg), TaskLoad.Letter, "Отправить акт сверки",
                Today(zoneOf(yekaterinburg)).AddDays(-1), new TimeOnly(15, 0), null, "contact", contact, false),
            new Case("timed, nothing linked, in 3 days, completed (Moscow)", managers[moscow], zoneOf(moscow), TaskLoad.Other, "Подготовить спецификацию",
                Today(zoneOf(moscow)).AddDays(3), new TimeOnly(9, 45), null, null, null, true),
        };
        var ids = new List<Guid>();
        foreach (var c in cases)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(c.Zone);
            DateTimeOffset? dueAt = c.Time is { } time
                ? new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(c.Day.ToDateTime(time), zone), TimeSpan.Zero)
                : null;
            var id = await Api.PostForIdAsync(api, "api/tasks", new
            {
                typeId = c.TypeId,
                text = c.Text,
                dueAt,
                allDay = c.Time is null,
                dueDate = c.Time is null ? c.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                durationMinutes = c.Duration,
                responsibleId = c.Responsible,
                linkKind = c.LinkKind,
                linkId = c.LinkId,
            }, ct);
            runner.CountOutside(1);
            if (c.Complete)
            {
                using var response = await api.PostAsJsonAsync($"api/tasks/{id}/complete", new { result = "Выполнено" }, ct);
                await Api.EnsureAsync(response, "complete a task", ct);
                runner.CountOutside(1);
            }
            ids.Add(id);
        }
        await WaitForHandlersAsync(conn, ids.ToArray(), ct);

        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(TaskLoad.CreatePlanTable, transaction: tx);
        for (var i = 0; i < cases.Length; i++)
        {
            var c = cases[i];
            // What the user typed (day, time, type, text, link) and when the API did things (created, completed).
            await conn.ExecuteAsync(
                """
                insert into bench_plan (id, responsible_id, time_zone, lead, due_day, due_time, type_id, text, link_kind, link_id,
                                        author_id, created_at, completed_at, completed_by, result, jitter_s)
                select t.id, @Responsible, u.time_zone, u.reminder_lead_minutes, @Day::date, @Time::time, @TypeId, @Text, @LinkKind, @LinkId,
                       @Admin, t.created_at, t.completed_at, t.completed_by, t.result, 0
                from tasks.tasks t join tasks.users u on u.id = @Responsible
                where t.id = @Id
                """,
                new
                {
                    Id = ids[i], c.Responsible, Day = c.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Time = c.Time?.ToString("HH:mm:ss", CultureInfo.InvariantCulture), c.TypeId, c.Text,
                    c.LinkKind, c.LinkId, Admin = admin,
                }, tx);
        }
        var rows = (await conn.QueryAsync<(Guid, string, string, string?, string?, string?, string?, bool)>(
            $"""
            select a.id, (to_jsonb(a) - 'reminded_at' - 'overdue_at')::text, (to_jsonb(b) - 'reminded_at' - 'overdue_at')::text,
                   a.reminded_at::text, b.reminded_at::text, a.overdue_at::text, b.overdue_at::text,
                   (a.reminded_at is null) = (b.reminded_at is null) and coalesce(abs(extract(epoch from a.reminded_at - b.reminded_at)), 0) <= 30
                   and (a.overdue_at is null) = (b.overdue_at is null) and coalesce(abs(extract(epoch from a.overdue_at - b.overdue_at)), 0) <= 30
            from (select {TaskLoad.TaskColumns} from tasks.tasks) a
            join (select {TaskLoad.TaskColumns} from ({TaskLoad.Derive}) x) b on b.id = a.id
            """, new { Now = DateTimeOffset.UtcNow }, tx)).ToDictionary(r => r.Item1);
        var dealFacts = (await conn.QueryAsync<(Guid, string, string)>(
            $"""
            select f.id, (select to_jsonb(g)::text from deals.task_facts g where g.id = f.id), to_jsonb(f)::text
            from ({TaskLoad.DealFacts} where t.id = any(@Ids)) f
            """, new { Ids = ids.ToArray() }, tx)).ToDictionary(r => r.Item1);
        var directoryFacts = (await conn.QueryAsync<(Guid, string, string)>(
            $"""
            select f.id, (select to_jsonb(g)::text from directory.task_facts g where g.id = f.id), to_jsonb(f)::text
            from ({TaskLoad.DirectoryFacts} where t.id = any(@Ids)) f
            """, new { Ids = ids.ToArray() }, tx)).ToDictionary(r => r.Item1);
        await tx.RollbackAsync(ct);

        var samples = cases.Select((c, i) =>
        {
            var (_, api, derived, apiReminded, derivedReminded, apiOverdue, derivedOverdue, timesOk) = rows[ids[i]];
            var (_, apiDeal, derivedDeal) = dealFacts[ids[i]];
            var (_, apiDirectory, derivedDirectory) = directoryFacts[ids[i]];
            var same = api == derived && timesOk && Same(apiDeal, derivedDeal) && Same(apiDirectory, derivedDirectory);
            return new TaskSample(c.What, ids[i], api, derived, apiReminded, derivedReminded, apiOverdue, derivedOverdue,
                apiDeal, derivedDeal, apiDirectory, derivedDirectory, same);
        }).ToArray();
        return new TaskSampleCheck(samples.All(s => s.Same), samples);
    }

    /// <summary>The same fact: every column equal, closed_at (when the handler heard of the completion) to within 30 s.</summary>
    private static bool Same(string a, string b)
    {
        var (x, y) = (JsonNode.Parse(a)!.AsObject(), JsonNode.Parse(b)!.AsObject());
        var (xClosed, yClosed) = (x["closed_at"]?.GetValue<DateTimeOffset>(), y["closed_at"]?.GetValue<DateTimeOffset>());
        x.Remove("closed_at");
        y.Remove("closed_at");
        return JsonNode.DeepEquals(x, y) && (xClosed is null) == (yClosed is null)
            && (xClosed is null || (xClosed.Value - yClosed!.Value).Duration() <= TimeSpan.FromSeconds(30));
    }

    /// <summary>Deals' and Directory's handlers, and the reminder job for the overdue one (every 15 s).</summary>
    private static async Task WaitForHandlersAsync(NpgsqlConnection conn, Guid[] ids, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var (deals, directory, pending) = await conn.QuerySingleAsync<(long, long, long)>(
                """
                select (select count(*) from deals.task_facts f join tasks.tasks t on t.id = f.id and t.version = f.version where f.id = any(@ids)),
                       (select count(*) from directory.task_facts f join tasks.tasks t on t.id = f.id and t.version = f.version where f.id = any(@ids)),
                       (select count(*) from tasks.tasks where id = any(@ids) and completed_at is null
                          and ((reminded_at is null and remind_at <= now()) or (overdue_at is null and due_at < now())))
                """, new { ids });
            if (deals == ids.Length && directory == ids.Length && pending == 0)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the API's tasks were not all handled: {deals} deal facts, {directory} directory facts, {pending} unmarked");
            }
            await Task.Delay(250, ct);
        }
    }
}
