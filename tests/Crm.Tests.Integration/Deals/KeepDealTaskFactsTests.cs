using System.Net;
using System.Text.Json;
using Crm.Modules.Tasks.Contracts;
using Crm.Tests.Integration.Infrastructure;
using Crm.Tests.Integration.Tasks;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// KeepDealTaskFacts: real tasks created, edited, completed and deleted through /api/tasks reach
/// the deal card, the board's cards and its tasks=none|overdue filter; late and repeated events
/// change nothing.
/// </summary>
public sealed class KeepDealTaskFactsTests(CrmApp app) : IClassFixture<CrmApp>
{
    /// <summary>A deal created through /api/deals by the manager, once Tasks' copy has it (tasks can be linked to it).</summary>
    private async Task<Guid> DealAsync(CrmClient manager, TestPipeline pipeline, string name = "Сделка с задачами", object? fields = null)
    {
        var deal = await manager.CreateDealAsync(pipeline, fields ?? new { name });
        await app.WaitForAsync("select exists (select 1 from tasks.deals where id = @Id)", new { Id = deal.Id() }, "Tasks' copy of the deal");
        return deal.Id();
    }

    private static Task WaitForCountAsync(CrmClient client, Guid dealId, int count) =>
        Eventually.TrueAsync(async () => (await client.DealAsync(dealId)).GetProperty("openTaskCount").GetInt32() == count,
            $"the deal shows {count} open task(s)");

    private static DateTimeOffset? NextDue(JsonElement dealOrCard) =>
        dealOrCard.GetProperty("nextTaskDue").ValueKind == JsonValueKind.Null ? null : dealOrCard.GetProperty("nextTaskDue").GetDateTimeOffset();

    private static async Task<JsonElement> BoardAsync(CrmClient client, TestPipeline pipeline, string query = "") =>
        await (await client.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}{query}")).JsonAsync(HttpStatusCode.OK);

    private static List<Guid> CardIds(JsonElement board) =>
        board.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("cards").EnumerateArray()).Select(c => c.Id()).ToList();

    private static JsonElement Stage(JsonElement board, Guid stageId) =>
        board.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stageId").GetGuid() == stageId);

    private static object Edit(JsonElement task, DateTimeOffset dueAt, Guid dealId) => new
    {
        typeId = TasksKit.Call,
        text = task.Text("text"),
        dueAt,
        linkKind = "deal",
        linkId = dealId,
        version = task.Version(),
    };

    [Fact]
    public async Task A_task_shows_on_the_card_and_completing_the_last_one_leaves_the_deal_without_tasks()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.TaskUserAsync();
        var dealId = await DealAsync(manager, pipeline);

        var fresh = await manager.CardAsync(pipeline, dealId);
        Assert.Equal(0, fresh.GetProperty("openTaskCount").GetInt32());
        Assert.Null(NextDue(fresh));
        Assert.Contains(dealId, CardIds(await BoardAsync(manager, pipeline, "&tasks=none")));

        var later = await manager.CreateCallAsync(app, TimeSpan.FromDays(2), dealId, "Отправить КП");
        var sooner = await manager.CreateCallAsync(app, TimeSpan.FromDays(1), dealId, "Позвонить");
        await WaitForCountAsync(manager, dealId, 2);
        var card = await manager.CardAsync(pipeline, dealId);
        Assert.Equal(2, card.GetProperty("openTaskCount").GetInt32());
        Assert.Equal(sooner.GetProperty("dueAt").GetDateTimeOffset(), NextDue(card));
        Assert.Equal(sooner.GetProperty("dueAt").GetDateTimeOffset(), NextDue(await manager.DealAsync(dealId)));
        Assert.DoesNotContain(dealId, CardIds(await BoardAsync(manager, pipeline, "&tasks=none")));

        await (await manager.PostAsync($"/api/tasks/{sooner.Id()}/complete", new { result = "Дозвонился" })).JsonAsync(HttpStatusCode.OK);
        await WaitForCountAsync(manager, dealId, 1);
        Assert.Equal(later.GetProperty("dueAt").GetDateTimeOffset(), NextDue(await manager.DealAsync(dealId)));

        await (await manager.PostAsync($"/api/tasks/{later.Id()}/complete", new { result = "КП отправлено" })).JsonAsync(HttpStatusCode.OK);
        await WaitForCountAsync(manager, dealId, 0);
        Assert.Null(NextDue(await manager.CardAsync(pipeline, dealId)));
        var bare = await BoardAsync(manager, pipeline, "&tasks=none");
        Assert.Contains(dealId, CardIds(bare));
        Assert.Equal(1, Stage(bare, pipeline.First).GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Overdue_is_read_from_the_nearest_due_at_query_time_and_a_reschedule_clears_it()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.TaskUserAsync();
        var dealId = await DealAsync(manager, pipeline);
        var task = await manager.CreateCallAsync(app, TimeSpan.FromHours(1), dealId);
        await WaitForCountAsync(manager, dealId, 1);
        var overdue = await BoardAsync(manager, pipeline, "&tasks=overdue");
        Assert.DoesNotContain(dealId, CardIds(overdue));
        Assert.Equal(0, Stage(overdue, pipeline.First).GetProperty("count").GetInt64());

        app.Clock.Advance(TimeSpan.FromHours(2));
        overdue = await BoardAsync(manager, pipeline, "&tasks=overdue");
        Assert.Equal(new[] { dealId }, CardIds(overdue));
        Assert.Equal(1, Stage(overdue, pipeline.First).GetProperty("count").GetInt64());
        Assert.DoesNotContain(dealId, CardIds(await BoardAsync(manager, pipeline, "&tasks=none")));

        var tomorrow = app.Clock.GetUtcNow().AddDays(1);
        tomorrow = tomorrow.AddTicks(-(tomorrow.Ticks % TimeSpan.TicksPerSecond));
        await (await manager.PutAsync($"/api/tasks/{task.Id()}", Edit(task, tomorrow, dealId))).JsonAsync(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => NextDue(await manager.DealAsync(dealId)) == tomorrow, "the new due time on the deal");
        Assert.Empty(CardIds(await BoardAsync(manager, pipeline, "&tasks=overdue")));
    }

    [Fact]
    public async Task A_task_moved_to_another_deal_moves_its_count_and_a_deleted_task_leaves()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.TaskUserAsync();
        var first = await DealAsync(manager, pipeline, "Первая");
        var second = await DealAsync(manager, pipeline, "Вторая");
        var task = await manager.CreateCallAsync(app, TimeSpan.FromDays(1), first);
        await WaitForCountAsync(manager, first, 1);

        var moved = await (await manager.PutAsync($"/api/tasks/{task.Id()}", Edit(task, task.GetProperty("dueAt").GetDateTimeOffset(), second)))
            .JsonAsync(HttpStatusCode.OK);
        await WaitForCountAsync(manager, second, 1);
        await WaitForCountAsync(manager, first, 0);
        Assert.Null(NextDue(await manager.DealAsync(first)));
        Assert.Equal(task.GetProperty("dueAt").GetDateTimeOffset(), NextDue(await manager.DealAsync(second)));

        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"/api/tasks/{moved.Id()}")).StatusCode);
        await WaitForCountAsync(manager, second, 0);
        Assert.Null(NextDue(await manager.DealAsync(second)));
    }

    [Fact]
    public async Task Late_and_repeated_events_change_nothing()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.TaskUserAsync();
        var dealId = await DealAsync(manager, pipeline);
        var taskId = Guid.NewGuid();
        var due = DateTimeOffset.UtcNow.AddDays(3);
        due = due.AddTicks(-(due.Ticks % TimeSpan.TicksPerSecond));
        TaskCreated Created() => new(TasksKit.StateOf(taskId, 1, due, managerId, dealId: dealId), managerId);

        await app.PublishAsync(Created());
        await WaitForCountAsync(manager, dealId, 1);
        await DeliveredAsync(Created());
        Assert.Equal(1, (await manager.DealAsync(dealId)).GetProperty("openTaskCount").GetInt32());

        await app.PublishAsync(new TaskCompleted(TasksKit.StateOf(taskId, 3, due, managerId, dealId: dealId, status: TaskStatuses.Completed), "Готово", DateTimeOffset.UtcNow, null, managerId));
        await WaitForCountAsync(manager, dealId, 0);
        // an older reschedule, and the creation again: the task stays completed
        await DeliveredAsync(new TaskRescheduled(TasksKit.StateOf(taskId, 2, due.AddDays(1), managerId, dealId: dealId), due, managerId));
        await DeliveredAsync(Created());
        // a newer edit of a completed task (a merge moves completed tasks too) does not reopen it
        await DeliveredAsync(new TaskUpdated(TasksKit.StateOf(taskId, 4, due, managerId, dealId: dealId, status: TaskStatuses.Completed), managerId));
        var deal = await manager.DealAsync(dealId);
        Assert.Equal(0, deal.GetProperty("openTaskCount").GetInt32());
        Assert.Null(NextDue(deal));

        var deleted = Guid.NewGuid();
        await app.PublishAsync(new TaskDeleted(TasksKit.StateOf(deleted, 2, due, managerId, dealId: dealId, status: TaskStatuses.Deleted), true, managerId));
        await DeliveredAsync(new TaskCreated(TasksKit.StateOf(deleted, 1, due, managerId, dealId: dealId, text: "Поздно"), managerId));
        Assert.Equal(0, (await manager.DealAsync(dealId)).GetProperty("openTaskCount").GetInt32());
    }

    /// <summary>Publishes the event and waits until Deals' handler has taken it (its inbox row).</summary>
    private async Task DeliveredAsync(Crm.BuildingBlocks.Abstractions.IntegrationEvent e)
    {
        await app.PublishAsync(e);
        await app.WaitForAsync(
            "select exists (select 1 from bus.inbox where event_id = @Id and handler like 'Deals.%')", new { e.Id }, $"Deals took {e.GetType().Name}");
    }

    [Fact]
    public async Task The_tasks_filter_counts_sums_and_pages_match_the_deals_and_combine_with_responsible_and_text()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.TaskUserAsync();
        var (colleague, colleagueId) = await app.TaskUserAsync();
        var mine = new List<Guid>();
        for (var i = 0; i < 56; i++)
        {
            mine.Add((await manager.CreateDealAsync(pipeline, new { name = $"Поставка {i}", budget = 100m + i })).Id());
        }
        var theirs = (await colleague.CreateDealAsync(pipeline, new { name = "Поставка коллеги", budget = 7m })).Id();
        var won = (await manager.CreateDealAsync(pipeline, new { name = "Выигранная", budget = 5m })).Id();
        await (await manager.PostAsync($"/api/deals/{won}/won")).JsonAsync(HttpStatusCode.OK);
        // four of the manager's deals get a task (through the bus, as Tasks announces them)
        var tasked = mine.Take(4).ToList();
        await app.PublishAsync(tasked.Select((dealId, i) => (Crm.BuildingBlocks.Abstractions.IntegrationEvent)new TaskCreated(TasksKit.StateOf(Guid.NewGuid(), 1, app.Clock.GetUtcNow().AddDays(1), managerId, dealId: dealId), managerId)).ToArray());
        foreach (var dealId in tasked)
        {
            await WaitForCountAsync(manager, dealId, 1);
        }

        var board = await BoardAsync(manager, pipeline, "&tasks=none");
        var first = Stage(board, pipeline.First);
        await using (var db = await app.OpenDatabaseAsync())
        {
            var expected = await db.QuerySingleAsync<(long Count, decimal Sum)>(
                """
                select count(*), coalesce(sum(budget), 0) from deals.deals
                where stage_id = @First and deleted_at is null and closed_at is null and open_task_count = 0
                """,
                new { pipeline.First });
            Assert.Equal(53, expected.Count);
            Assert.Equal(expected.Count, first.GetProperty("count").GetInt64());
            Assert.Equal(expected.Sum, first.RoubleSum());
        }
        Assert.Equal(0, Stage(board, pipeline.Won).GetProperty("count").GetInt64());
        Assert.Equal(50, first.GetProperty("cards").GetArrayLength());
        var next = first.GetProperty("nextCursor").GetString()!;
        var page = await (await manager.GetAsync($"/api/deals/board/stages/{pipeline.First}?tasks=none&after={next}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
        var all = first.GetProperty("cards").EnumerateArray().Concat(page.GetProperty("cards").EnumerateArray()).Select(c => c.Id()).ToList();
        Assert.Equal(53, all.Distinct().Count());
        Assert.Equal(mine.Skip(4).Append(theirs).Order(), all.Order());

        var onlyMine = Stage(await BoardAsync(manager, pipeline, $"&tasks=none&responsibleId={managerId}"), pipeline.First);
        Assert.Equal(52, onlyMine.GetProperty("count").GetInt64());
        Assert.Equal(mine.Skip(4).Sum(id => 100m + mine.IndexOf(id)), onlyMine.RoubleSum());
        var theirsOnly = Stage(await BoardAsync(manager, pipeline, $"&tasks=none&responsibleId={colleagueId}"), pipeline.First);
        Assert.Equal(new[] { theirs }, theirsOnly.GetProperty("cards").EnumerateArray().Select(c => c.Id()));

        // "Поставка 1" matches 1 and 10..19; deal 1 has a task
        var text = Stage(await BoardAsync(manager, pipeline, "&tasks=none&q=" + Uri.EscapeDataString("Поставка 1")), pipeline.First);
        Assert.Equal(10, text.GetProperty("count").GetInt64());
        Assert.Equal(10, text.GetProperty("cards").GetArrayLength());
        Assert.DoesNotContain(mine[1], text.GetProperty("cards").EnumerateArray().Select(c => c.Id()));

        var bad = await (await manager.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}&tasks=some")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(bad.FieldErrors("tasks"));
        await (await manager.GetAsync($"/api/deals/board/stages/{pipeline.First}?tasks=some")).ProblemAsync(HttpStatusCode.BadRequest);
    }
}
