using System.Net;
using System.Text.Json;
using Crm.BuildingBlocks.Abstractions;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Tasks.Contracts;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Crm.Tests.Integration.Tasks;

namespace Crm.Tests.Integration.Directory;

/// <summary>
/// KeepCompanyDealCounts and KeepTaskCounts: the company and contact lists show open deal and task
/// counts learnt from Deals' and Tasks' events, and their ready filters "without deals and tasks"
/// and "without tasks" follow them.
/// </summary>
public sealed class OpenCountsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static readonly Guid Someone = Guid.NewGuid();

    /// <summary>The companies whose name has the tag, by name, under the filter.</summary>
    private static async Task<Dictionary<string, JsonElement>> CompaniesAsync(CrmClient client, string tag, string? filter = null)
    {
        var page = await (await client.GetAsync(
            $"/api/directory/companies?q={Uri.EscapeDataString(tag)}{(filter is null ? "" : $"&filter={filter}")}")).JsonAsync(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().ToDictionary(i => i.Text("name"));
    }

    private static async Task<Dictionary<string, JsonElement>> ContactsAsync(CrmClient client, string tag, string? filter = null)
    {
        var page = await (await client.GetAsync(
            $"/api/directory/contacts?q={Uri.EscapeDataString(tag)}{(filter is null ? "" : $"&filter={filter}")}")).JsonAsync(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().ToDictionary(i => i.Text("fullName"));
    }

    private static int Deals(JsonElement item) => item.GetProperty("openDealCount").GetInt32();

    private static int Tasks(JsonElement item) => item.GetProperty("openTaskCount").GetInt32();

    private static Task WaitForCompanyAsync(CrmClient client, string tag, string name, int deals, int tasks) =>
        Eventually.TrueAsync(async () =>
        {
            var item = (await CompaniesAsync(client, tag))[name];
            return Deals(item) == deals && Tasks(item) == tasks;
        }, $"{name}: {deals} open deal(s), {tasks} open task(s)");

    /// <summary>Publishes the event and waits until Directory's handler has taken it (its inbox row).</summary>
    private async Task DeliveredAsync(IntegrationEvent e)
    {
        await app.PublishAsync(e);
        await app.WaitForAsync(
            "select exists (select 1 from bus.inbox where event_id = @Id and handler like 'Directory.%')", new { e.Id }, $"Directory took {e.GetType().Name}");
    }

    [Fact]
    public async Task Companies_without_deals_and_tasks_and_contacts_without_tasks_follow_real_deals_and_tasks()
    {
        var tag = DirectoryKit.Unique("Счётчики");
        var (manager, _) = await app.TaskUserAsync();
        var withDeal = await manager.CreateCompanyAsync(new { name = $"{tag} сделка" });
        var withTask = await manager.CreateCompanyAsync(new { name = $"{tag} задача" });
        await manager.CreateCompanyAsync(new { name = $"{tag} пусто" });
        var contact = await manager.CreateContactAsync(new { fullName = $"{tag} контакт" });
        await manager.CreateContactAsync(new { fullName = $"{tag} тишина" });
        await app.WaitForAsync("select exists (select 1 from deals.companies where id = @Id)", new { Id = withDeal.Id() }, "Deals' copy of the company");
        await app.WaitForAsync(
            "select (select count(*) from tasks.companies where id = @Company) + (select count(*) from tasks.contacts where id = @Contact) = 2",
            new { Company = withTask.Id(), Contact = contact.Id() }, "Tasks' copies of the company and the contact");

        var all = await CompaniesAsync(manager, tag);
        Assert.Equal(3, all.Count);
        Assert.All(all.Values, c => Assert.Equal((0, 0), (Deals(c), Tasks(c))));

        var pipeline = await app.PipelineAsync();
        var deal = await manager.CreateDealAsync(pipeline, new { name = "Сделка компании", companyId = withDeal.Id() });
        var companyTask = await manager.CreateTaskAsync(new
        {
            typeId = TasksKit.Call, text = "Перезвонить через полгода", dueAt = app.Clock.GetUtcNow().AddDays(180), linkKind = "company", linkId = withTask.Id(),
        });
        var contactTask = await manager.CreateTaskAsync(new
        {
            typeId = TasksKit.Call, text = "Позвонить контакту", dueAt = app.Clock.GetUtcNow().AddDays(1), linkKind = "contact", linkId = contact.Id(),
        });
        await WaitForCompanyAsync(manager, tag, $"{tag} сделка", 1, 0);
        await WaitForCompanyAsync(manager, tag, $"{tag} задача", 0, 1);
        Assert.Equal(new[] { $"{tag} пусто" }, (await CompaniesAsync(manager, tag, "without-deals-and-tasks")).Keys);
        await Eventually.TrueAsync(async () => Tasks((await ContactsAsync(manager, tag))[$"{tag} контакт"]) == 1, "the contact's open task");
        Assert.Equal(new[] { $"{tag} тишина" }, (await ContactsAsync(manager, tag, "without-tasks")).Keys);
        Assert.Equal(0, Tasks((await ContactsAsync(manager, tag))[$"{tag} тишина"]));

        await (await manager.PostAsync($"/api/deals/{deal.Id()}/won")).JsonAsync(HttpStatusCode.OK);
        await (await manager.PostAsync($"/api/tasks/{companyTask.Id()}/complete", new { result = "Отказались окончательно" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"/api/tasks/{contactTask.Id()}")).StatusCode);
        await WaitForCompanyAsync(manager, tag, $"{tag} сделка", 0, 0);
        await WaitForCompanyAsync(manager, tag, $"{tag} задача", 0, 0);
        Assert.Equal(3, (await CompaniesAsync(manager, tag, "without-deals-and-tasks")).Count);
        await Eventually.TrueAsync(async () => (await ContactsAsync(manager, tag, "without-tasks")).Count == 2, "both contacts without tasks");

        var bad = await (await manager.GetAsync("/api/directory/companies?filter=some")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(bad.FieldErrors("filter"));
        await (await manager.GetAsync("/api/directory/contacts?filter=some")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_deal_moved_won_reopened_deleted_or_merged_away_is_counted_where_it_is_and_late_events_change_nothing()
    {
        var tag = DirectoryKit.Unique("События");
        using var admin = await app.SignedInAsync();
        var first = await admin.CreateCompanyAsync(new { name = $"{tag} первая" });
        var second = await admin.CreateCompanyAsync(new { name = $"{tag} вторая" });
        var (open, won) = (Guid.NewGuid(), Guid.NewGuid());
        var dealId = Guid.NewGuid();
        DealCreated Created() => new(DealsKit.StateOf(dealId, 1, open, companyId: first.Id()), Someone);

        await DeliveredAsync(Created());
        await WaitForCompanyAsync(admin, tag, $"{tag} первая", 1, 0);
        await DeliveredAsync(Created());
        await DeliveredAsync(new DealUpdated(DealsKit.StateOf(dealId, 2, open, companyId: second.Id()), Someone));
        await WaitForCompanyAsync(admin, tag, $"{tag} вторая", 1, 0);
        await WaitForCompanyAsync(admin, tag, $"{tag} первая", 0, 0);

        var wonState = DealsKit.StateOf(dealId, 3, won, DealStatuses.Won, second.Id());
        await DeliveredAsync(new DealStageChanged(wonState, open, Someone));
        await DeliveredAsync(new DealWon(wonState, Someone));
        await WaitForCompanyAsync(admin, tag, $"{tag} вторая", 0, 0);
        await DeliveredAsync(new DealWon(wonState, Someone));
        await DeliveredAsync(new DealStageChanged(DealsKit.StateOf(dealId, 4, open, companyId: second.Id()), won, Someone));
        await WaitForCompanyAsync(admin, tag, $"{tag} вторая", 1, 0);

        // a task on the company, then its late creation again, and a newer edit after completion
        var taskId = Guid.NewGuid();
        var due = DateTimeOffset.UtcNow.AddDays(1);
        TaskCreated Task() => new(TasksKit.StateOf(taskId, 1, due, Someone, companyId: second.Id()), Someone);
        await DeliveredAsync(Task());
        await WaitForCompanyAsync(admin, tag, $"{tag} вторая", 1, 1);
        await DeliveredAsync(new TaskCompleted(TasksKit.StateOf(taskId, 2, due, Someone, companyId: second.Id(), status: TaskStatuses.Completed), "Готово", DateTimeOffset.UtcNow, null, Someone));
        await DeliveredAsync(Task());
        await DeliveredAsync(new TaskUpdated(TasksKit.StateOf(taskId, 3, due, Someone, companyId: first.Id(), status: TaskStatuses.Completed), Someone));
        await WaitForCompanyAsync(admin, tag, $"{tag} вторая", 1, 0);
        await WaitForCompanyAsync(admin, tag, $"{tag} первая", 0, 0);

        // the second company is merged into the first: its open deal goes with it
        await (await admin.PostAsync($"/api/directory/companies/{first.Id()}/merge", new { mergeId = second.Id() })).JsonAsync(HttpStatusCode.OK);
        await WaitForCompanyAsync(admin, tag, $"{tag} первая", 1, 0);

        await DeliveredAsync(new DealDeleted(DealsKit.StateOf(dealId, 6, open, DealStatuses.Deleted, first.Id()), Someone));
        await WaitForCompanyAsync(admin, tag, $"{tag} первая", 0, 0);
        // Deals' own DealUpdated of the merge (version 5) comes late: older than the deletion
        await DeliveredAsync(new DealUpdated(DealsKit.StateOf(dealId, 5, open, companyId: first.Id()), Someone));
        Assert.Equal(0, Deals((await CompaniesAsync(admin, tag))[$"{tag} первая"]));
    }

    [Fact]
    public async Task A_won_and_a_reopen_handled_in_reverse_order_leave_the_deal_counted_open()
    {
        var tag = DirectoryKit.Unique("Обратный порядок");
        using var admin = await app.SignedInAsync();
        var company = (await admin.CreateCompanyAsync(new { name = $"{tag} компания" })).Id();
        var (open, won, lost) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var dealId = Guid.NewGuid();
        await DeliveredAsync(new DealCreated(DealsKit.StateOf(dealId, 1, open, companyId: company), Someone));
        await WaitForCompanyAsync(admin, tag, $"{tag} компания", 1, 0);

        // Won (version 2), then moved back to an open stage (version 3): the reopen is handled first.
        var wonState = DealsKit.StateOf(dealId, 2, won, DealStatuses.Won, company);
        await DeliveredAsync(new DealStageChanged(DealsKit.StateOf(dealId, 3, open, companyId: company), won, Someone));
        await DeliveredAsync(new DealWon(wonState, Someone));
        await DeliveredAsync(new DealStageChanged(wonState, open, Someone));
        Assert.Equal(1, Deals((await CompaniesAsync(admin, tag))[$"{tag} компания"]));
        Assert.Empty(await CompaniesAsync(admin, tag, "without-deals-and-tasks"));

        // A later loss still closes it.
        await DeliveredAsync(new DealLost(DealsKit.StateOf(dealId, 4, lost, DealStatuses.Lost, company), "Дорого", Someone));
        await WaitForCompanyAsync(admin, tag, $"{tag} компания", 0, 0);
    }
}
