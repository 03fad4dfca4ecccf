using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tasks;

/// <summary>
/// «Запланировать задачу» on many deals of the deals table: one task per deal by Tasks' rules, the refused
/// deals reported with the reason; a page at once (POST /api/tasks/bulk), more in a background job with
/// progress (POST /api/tasks/bulk-jobs), each chunk one transaction with its progress, resumed without doubles,
/// cancellable.
/// </summary>
public sealed class BulkPlanTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static object Call(DateTimeOffset due, Guid? responsibleId = null, string text = "Позвонить по списку") =>
        new { typeId = TasksKit.Call, text, dueAt = due, responsibleId };

    /// <summary>Deals in Tasks' copy (as CopyDeals keeps them), with their responsible.</summary>
    private async Task<Guid[]> DealsAsync(Guid responsibleId, int count, string name = "Сделка списком")
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        await using var db = await app.OpenDatabaseAsync();
        await db.ExecuteAsync(
            "insert into tasks.deals (id, version, name, responsible_id) select id, 1, @name, @responsibleId from unnest(@ids) as id",
            new { ids, name, responsibleId });
        return ids;
    }

    private async Task<List<(Guid DealId, Guid Responsible, string Text)>> TasksOnAsync(IEnumerable<Guid> dealIds)
    {
        await using var db = await app.OpenDatabaseAsync();
        return (await db.QueryAsync<(Guid, Guid, string)>(
            "select link_id, responsible_id, text from tasks.tasks where link_kind = 'deal' and link_id = any(@ids)",
            new { ids = dealIds.ToArray() })).ToList();
    }

    private static async Task<JsonElement> FinishedAsync(CrmClient client, Guid job)
    {
        JsonElement state = default;
        await Eventually.TrueAsync(async () =>
        {
            state = await (await client.GetAsync($"/api/tasks/bulk-jobs/{job}")).JsonAsync(HttpStatusCode.OK);
            return state.Text("status") is "done" or "cancelled" or "failed";
        }, "the bulk plan job to end", TimeSpan.FromSeconds(60));
        return state;
    }

    [Fact]
    public async Task A_manager_plans_a_task_on_each_own_deal_and_is_told_which_deals_were_refused_and_why()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var (_, colleagueId) = await app.TaskUserAsync();
        var mine = await DealsAsync(managerId, 2);
        var theirs = (await DealsAsync(colleagueId, 1, "Чужая сделка"))[0];
        var unknown = Guid.NewGuid();
        var due = app.Clock.GetUtcNow().AddDays(1);

        var result = await (await manager.PostAsync("/api/tasks/bulk", new { dealIds = new[] { mine[0], theirs, mine[1], unknown, mine[0] }, task = Call(due) }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, result.GetProperty("changed").GetInt32());
        Assert.Equal(0, result.GetProperty("unchanged").GetInt32());
        var refused = result.GetProperty("refused").EnumerateArray().ToDictionary(r => r.Id());
        Assert.Equal(2, refused.Count);
        Assert.Equal("Чужая сделка", refused[theirs].Text("name"));
        Assert.Contains("своим сделкам", refused[theirs].Text("reason"));
        Assert.Equal(JsonValueKind.Null, refused[unknown].GetProperty("name").ValueKind);
        Assert.Equal("Сделка не найдена", refused[unknown].Text("reason"));

        var tasks = await TasksOnAsync([.. mine, theirs]);
        Assert.Equal(mine.Order(), tasks.Select(t => t.DealId).Order());
        Assert.All(tasks, t => Assert.Equal(managerId, t.Responsible));
        foreach (var deal in mine)
        {
            await using var db = await app.OpenDatabaseAsync();
            Assert.Equal(1, await db.ExecuteScalarAsync<int>(
                "select count(*) from bus.outbox where event_type = 'Crm.Modules.Tasks.Contracts.TaskCreated' and payload->'task'->>'dealId' = @deal",
                new { deal = deal.ToString() }));
        }
    }

    [Fact]
    public async Task A_head_of_sales_plans_on_anyones_deals_for_each_deals_responsible_or_a_chosen_user()
    {
        var (head, _) = await app.TaskUserAsync("HeadOfSales");
        var (_, aId) = await app.TaskUserAsync();
        var (_, bId) = await app.TaskUserAsync();
        var a = await DealsAsync(aId, 1);
        var b = await DealsAsync(bId, 1);
        var due = app.Clock.GetUtcNow().AddDays(2);

        var own = await (await head.PostAsync("/api/tasks/bulk", new { dealIds = new[] { a[0], b[0] }, task = Call(due, text: "Каждому своё") }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, own.GetProperty("changed").GetInt32());
        var byDeal = (await TasksOnAsync([a[0], b[0]])).ToDictionary(t => t.DealId);
        Assert.Equal(aId, byDeal[a[0]].Responsible);
        Assert.Equal(bId, byDeal[b[0]].Responsible);

        var c = await DealsAsync(aId, 1);
        var chosen = await (await head.PostAsync("/api/tasks/bulk", new { dealIds = c, task = Call(due, bId) })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, chosen.GetProperty("changed").GetInt32());
        Assert.Equal(bId, Assert.Single(await TasksOnAsync(c)).Responsible);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_the_reason_on_their_field_and_plan_nothing()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var (_, goneId) = await app.TaskUserAsync();
        using var admin = await app.SignedInAsync();
        await (await admin.PostAsync($"/api/identity/users/{goneId}/deactivate")).JsonAsync(HttpStatusCode.OK);
        var deals = await DealsAsync(managerId, 1);
        var due = app.Clock.GetUtcNow().AddDays(1);
        async Task<JsonElement> BadAsync(string url, object body) => await (await manager.PostAsync(url, body)).ProblemAsync(HttpStatusCode.BadRequest);

        foreach (var url in new[] { "/api/tasks/bulk", "/api/tasks/bulk-jobs" })
        {
            Assert.NotEmpty((await BadAsync(url, new { dealIds = Array.Empty<Guid>(), task = Call(due) })).FieldErrors("dealIds"));
            Assert.NotEmpty((await BadAsync(url, new { dealIds = deals })).FieldErrors("task"));
            Assert.NotEmpty((await BadAsync(url, new { dealIds = deals, task = new { typeId = TasksKit.Call, text = " ", dueAt = due } })).FieldErrors("task.text"));
            Assert.NotEmpty((await BadAsync(url, new { dealIds = deals, task = new { typeId = TasksKit.Call, text = "Без срока" } })).FieldErrors("task.dueAt"));
            Assert.NotEmpty((await BadAsync(url, new { dealIds = deals, task = new { typeId = Guid.NewGuid(), text = "Тип?", dueAt = due } })).FieldErrors("task.typeId"));
            Assert.NotEmpty((await BadAsync(url, new { dealIds = deals, task = Call(due, goneId) })).FieldErrors("task.responsibleId"));
        }
        var tooMany = Enumerable.Range(0, 101).Select(_ => Guid.NewGuid()).ToArray();
        Assert.NotEmpty((await BadAsync("/api/tasks/bulk", new { dealIds = tooMany, task = Call(due) })).FieldErrors("dealIds"));
        Assert.Empty(await TasksOnAsync(deals));
    }

    [Fact]
    public async Task A_manager_plans_on_all_the_deals_a_view_selects_in_a_job_with_progress_and_a_report()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var (_, colleagueId) = await app.TaskUserAsync();
        var mine = await DealsAsync(managerId, 120);
        var theirs = (await DealsAsync(colleagueId, 1, "Чужая"))[0];
        var due = app.Clock.GetUtcNow().AddDays(1);

        var started = await (await manager.PostAsync("/api/tasks/bulk-jobs", new { dealIds = mine.Append(theirs), task = Call(due) }))
            .JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(121, started.GetProperty("total").GetInt32());
        Assert.Equal("planTask", started.Text("action"));

        var done = await FinishedAsync(manager, started.Id());
        Assert.True(done.Text("status") == "done", done.GetRawText());
        Assert.Equal(121, done.GetProperty("processed").GetInt32());
        Assert.Equal(120, done.GetProperty("changed").GetInt32());
        Assert.Equal(theirs, Assert.Single(done.GetProperty("refused").EnumerateArray()).Id());
        var tasks = await TasksOnAsync([.. mine, theirs]);
        Assert.Equal(mine.Order(), tasks.Select(t => t.DealId).Order());
    }

    [Fact]
    public async Task A_job_cut_off_after_a_chunk_goes_on_from_its_committed_progress_and_plans_no_deal_twice()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var deals = await DealsAsync(managerId, 60);
        var id = Guid.NewGuid();
        var command = JsonSerializer.Serialize(new { action = "planTask", task = Call(app.Clock.GetUtcNow().AddDays(1), text: "Возобновление") });
        await using (var db = await app.OpenDatabaseAsync())
        {
            // as a worker leaves it when killed after committing its first chunk of 50 (whose tasks this test
            // does not make: so any task on those deals would be a double): running, its claim lapsed
            await db.ExecuteAsync(
                """
                insert into tasks.bulk_jobs (id, created_by, role, language, command, ids, status, processed, changed, lease_until, created_at, updated_at)
                values (@id, @managerId, 'Manager', 'ru', @command::jsonb, @deals, 'running', 50, 50, now() - interval '1 minute', now(), now())
                """,
                new { id, managerId, command, deals });
        }
        var done = await FinishedAsync(manager, id);
        Assert.Equal("done", done.Text("status"));
        Assert.Equal(60, done.GetProperty("processed").GetInt32());
        Assert.Equal(60, done.GetProperty("changed").GetInt32());
        var tasks = await TasksOnAsync(deals);
        Assert.Equal(deals[50..].Order(), tasks.Select(t => t.DealId).Order());
        Assert.All(tasks, t => Assert.Equal("Возобновление", t.Text));
    }

    [Fact]
    public async Task A_chunk_the_database_refuses_midway_leaves_none_of_its_tasks()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var deals = await DealsAsync(managerId, 10);
        var poison = deals[4];
        await using (var db = await app.OpenDatabaseAsync())
        {
            // the fifth task of the chunk cannot be written: the four before it must not stay either
            await db.ExecuteAsync(
                $"""
                create function tasks.refuse_poison() returns trigger language plpgsql as $$
                begin
                    if new.link_id = '{poison}'::uuid then raise exception 'poison'; end if;
                    return new;
                end $$;
                create trigger refuse_poison before insert on tasks.tasks for each row execute function tasks.refuse_poison();
                """);
        }
        try
        {
            var started = await (await manager.PostAsync("/api/tasks/bulk-jobs", new { dealIds = deals, task = Call(app.Clock.GetUtcNow().AddDays(1)) }))
                .JsonAsync(HttpStatusCode.Accepted);
            var ended = await FinishedAsync(manager, started.Id());
            Assert.Equal("failed", ended.Text("status"));
            Assert.Equal(0, ended.GetProperty("processed").GetInt32());
            Assert.Empty(await TasksOnAsync(deals));
        }
        finally
        {
            await using var db = await app.OpenDatabaseAsync();
            await db.ExecuteAsync("drop trigger refuse_poison on tasks.tasks; drop function tasks.refuse_poison();");
        }
    }

    [Fact]
    public async Task A_cancelled_job_stops_before_its_next_chunk_and_only_its_author_or_a_supervisor_sees_it()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var (other, _) = await app.TaskUserAsync();
        var deals = await DealsAsync(managerId, 3);
        var queued = Guid.NewGuid();
        var running = Guid.NewGuid();
        var command = JsonSerializer.Serialize(new { action = "planTask", task = Call(app.Clock.GetUtcNow().AddDays(1)) });
        await using (var db = await app.OpenDatabaseAsync())
        {
            // claimed by a worker that holds them (their claims run on), so none is taken here before the cancel
            await db.ExecuteAsync(
                """
                insert into tasks.bulk_jobs (id, created_by, role, language, command, ids, status, lease_until, created_at, updated_at)
                select j.id, @managerId, 'Manager', 'ru', @command::jsonb, @deals, j.status, now() + interval '1 hour', now(), now()
                from (values (@queued, 'queued'), (@running, 'running')) as j(id, status)
                """,
                new { managerId, command, deals, queued, running });
        }
        await (await other.GetAsync($"/api/tasks/bulk-jobs/{queued}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await other.PostAsync($"/api/tasks/bulk-jobs/{queued}/cancel")).ProblemAsync(HttpStatusCode.NotFound);

        var cancelled = await (await manager.PostAsync($"/api/tasks/bulk-jobs/{queued}/cancel")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.Text("status"));
        using var head = (await app.UserAsync("HeadOfSales")).Client;
        var asked = await (await head.PostAsync($"/api/tasks/bulk-jobs/{running}/cancel")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("running", asked.Text("status"));
        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync("update tasks.bulk_jobs set lease_until = now() - interval '1 minute' where id = @running", new { running });
        }
        var stopped = await FinishedAsync(manager, running);
        Assert.Equal("cancelled", stopped.Text("status"));
        Assert.Equal(0, stopped.GetProperty("processed").GetInt32());
        Assert.Empty(await TasksOnAsync(deals));
    }
}
