using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Tasks;

/// <summary>GET /api/tasks/linked: the tasks of a deal, company or contact, for its card.</summary>
public sealed class ListLinkedTasksTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static async Task<JsonElement> LinkedAsync(CrmClient client, string query) =>
        await (await client.GetAsync($"/api/tasks/linked?{query}")).JsonAsync(HttpStatusCode.OK);

    private static async Task CompleteAsync(CrmClient client, Guid taskId) =>
        await (await client.PostAsync($"/api/tasks/{taskId}/complete", new { result = "Сделано" })).JsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task Open_tasks_by_due_time_overdue_first_and_completed_ones_last_done_first_a_page_at_a_time()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var dealId = await app.DealAsync(managerId, "Сделка с задачами");
        var otherDealId = await app.DealAsync(managerId, "Соседняя сделка");
        var later = await manager.CreateCallAsync(app, from: TimeSpan.FromDays(3), dealId: dealId, text: "Через три дня");
        var overdue = await manager.CreateCallAsync(app, from: TimeSpan.FromHours(-2), dealId: dealId, text: "Просрочена");
        var soon = await manager.CreateCallAsync(app, from: TimeSpan.FromHours(1), dealId: dealId, text: "Через час");
        var tomorrow = await manager.CreateCallAsync(app, from: TimeSpan.FromDays(1), dealId: dealId, text: "Завтра");
        var doneFirst = await manager.CreateCallAsync(app, from: TimeSpan.FromDays(5), dealId: dealId, text: "Сделана первой");
        var doneLast = await manager.CreateCallAsync(app, from: TimeSpan.FromDays(4), dealId: dealId, text: "Сделана последней");
        await manager.CreateCallAsync(app, from: TimeSpan.FromHours(-3), dealId: otherDealId, text: "Чужая");
        await manager.CreateCallAsync(app, from: TimeSpan.FromHours(-4), text: "Ни к чему");
        await CompleteAsync(manager, doneFirst.Id());
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await CompleteAsync(manager, doneLast.Id());

        var open = await LinkedAsync(manager, $"linkKind=deal&linkId={dealId}");
        Assert.Equal([overdue.Id(), soon.Id(), tomorrow.Id(), later.Id()], open.Ids());
        Assert.Equal(JsonValueKind.Null, open.GetProperty("nextCursor").ValueKind);
        var first = open.Items()[0];
        Assert.True(first.GetProperty("overdue").GetBoolean());
        Assert.Equal("open", first.Text("status"));
        Assert.Equal("Просрочена", first.Text("text"));
        Assert.Equal("deal", first.GetProperty("link").Text("kind"));
        Assert.Equal(dealId, first.GetProperty("link").GuidOf("id"));
        Assert.Equal("Сделка с задачами", first.GetProperty("link").Text("name"));
        Assert.Equal("Звонок", first.Text("typeName"));
        Assert.Equal(managerId, first.GuidOf("responsibleId"));
        Assert.Equal(open.Ids(), (await LinkedAsync(manager, $"linkKind=deal&linkId={dealId}&state=open")).Ids());

        // the cursor round trip: two pages of two, then nothing more
        var page1 = await LinkedAsync(manager, $"linkKind=deal&linkId={dealId}&limit=2");
        Assert.Equal([overdue.Id(), soon.Id()], page1.Ids());
        var cursor = page1.Text("nextCursor");
        var page2 = await LinkedAsync(manager, $"linkKind=deal&linkId={dealId}&limit=2&after={Uri.EscapeDataString(cursor)}");
        Assert.Equal([tomorrow.Id(), later.Id()], page2.Ids());
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("nextCursor").ValueKind);

        var completed = await LinkedAsync(manager, $"linkKind=deal&linkId={dealId}&state=completed");
        Assert.Equal([doneLast.Id(), doneFirst.Id()], completed.Ids());
        Assert.All(completed.Items(), t => Assert.Equal("completed", t.Text("status")));
        Assert.Equal("Сделано", completed.Items()[0].Text("result"));
        var done1 = await LinkedAsync(manager, $"linkKind=deal&linkId={dealId}&state=completed&limit=1");
        Assert.Equal([doneLast.Id()], done1.Ids());
        var done2 = await LinkedAsync(manager,
            $"linkKind=deal&linkId={dealId}&state=completed&limit=1&after={Uri.EscapeDataString(done1.Text("nextCursor"))}");
        Assert.Equal([doneFirst.Id()], done2.Ids());
        Assert.Equal(JsonValueKind.Null, done2.GetProperty("nextCursor").ValueKind);

        // the kind matters: the same id as a company has no tasks
        Assert.Empty((await LinkedAsync(manager, $"linkKind=company&linkId={dealId}")).Ids());
    }

    [Fact]
    public async Task A_record_without_tasks_or_unknown_has_an_empty_list()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var quiet = await app.DealAsync(managerId, "Без задач");

        foreach (var query in new[]
                 {
                     $"linkKind=deal&linkId={quiet}", $"linkKind=deal&linkId={quiet}&state=completed",
                     $"linkKind=contact&linkId={Guid.NewGuid()}", $"linkKind=company&linkId={Guid.NewGuid()}&state=completed",
                 })
        {
            var page = await LinkedAsync(manager, query);
            Assert.Empty(page.Ids());
            Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
        }
    }

    [Fact]
    public async Task Bad_parameters_are_a_validation_problem()
    {
        var (manager, _) = await app.TaskUserAsync();
        var id = Guid.NewGuid();

        async Task<JsonElement> Bad(string query) =>
            await (await manager.GetAsync($"/api/tasks/linked?{query}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["linkKind: deal, company или contact"], (await Bad($"linkId={id}")).FieldErrors("linkKind"));
        Assert.Equal(["linkKind: deal, company или contact"], (await Bad($"linkKind=pipeline&linkId={id}")).FieldErrors("linkKind"));
        Assert.Equal(["Укажите запись (linkId)"], (await Bad("linkKind=deal")).FieldErrors("linkId"));
        Assert.Equal(["state: open или completed"], (await Bad($"linkKind=deal&linkId={id}&state=all")).FieldErrors("state"));
        Assert.Equal(["limit: от 1 до 200"], (await Bad($"linkKind=deal&linkId={id}&limit=0")).FieldErrors("limit"));
        Assert.Equal(["limit: от 1 до 200"], (await Bad($"linkKind=deal&linkId={id}&limit=201")).FieldErrors("limit"));
        Assert.Equal(["Неверная позиция списка"], (await Bad($"linkKind=deal&linkId={id}&after=nonsense")).FieldErrors("after"));
        await (await manager.GetAsync($"/api/tasks/linked?linkKind=deal&linkId={id}&limit=200")).JsonAsync(HttpStatusCode.OK);
    }
}
