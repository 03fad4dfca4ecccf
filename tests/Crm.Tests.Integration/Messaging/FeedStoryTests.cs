using System.Net;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Messaging.Features;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Inbox;
using Crm.Tests.Integration.Infrastructure;
using Crm.Tests.Integration.Tasks;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Messaging;

/// <summary>
/// A card's story in its feed, told from the other modules' real events through the real bus: each
/// event one entry in a manager's terms, with the names of what it refers to, never twice.
/// </summary>
public sealed class FeedStoryTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_deals_life_is_told_in_its_feed_newest_first_with_the_names_of_stages_and_people()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var (colleague, colleagueId) = await app.UserAsync();
        var deal = await manager.CreateDealAsync(pipeline, new { name = "Кресла в офис", budget = 100_000m, currency = "RUB" });
        var id = deal.Id();
        await manager.WaitForEntryAsync("deal", id, "deal.created");

        await (await manager.PostAsync($"/api/deals/{id}/stage", new { stageId = pipeline.Second })).JsonAsync(HttpStatusCode.OK);
        var current = await manager.DealAsync(id);
        await (await manager.PutAsync($"/api/deals/{id}", new { name = "Кресла и столы", budget = 150_000m, currency = "RUB", version = current.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        current = await manager.DealAsync(id);
        await (await manager.PostAsync($"/api/deals/{id}/assign", new { responsibleId = colleagueId, version = current.Version() })).JsonAsync(HttpStatusCode.OK);
        await (await colleague.PostAsync($"/api/deals/{id}/won")).JsonAsync(HttpStatusCode.OK);

        await manager.WaitForEntryAsync("deal", id, "deal.won");
        var page = await manager.FeedAsync("deal", id);
        var types = page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        // One update made two entries at one moment: their order between them is not told.
        Assert.Equal(["deal.won", "deal.assigned"], types[..2]);
        Assert.Equal(["deal.budgetChanged", "deal.renamed"], types[2..4].Order());
        Assert.Equal(["deal.stageChanged", "deal.created"], types[4..]);

        var entries = page.GetProperty("items").EnumerateArray().ToDictionary(e => e.GetProperty("type").GetString()!);
        var moved = entries["deal.stageChanged"].Data();
        Assert.Equal("Первичный контакт", page.Name(moved.GetProperty("fromStageId").GetGuid()));
        Assert.Equal("Переговоры", page.Name(moved.GetProperty("toStageId").GetGuid()));
        Assert.Equal(managerId, entries["deal.stageChanged"].GetProperty("authorId").GetGuid());
        var renamed = entries["deal.renamed"].Data();
        Assert.Equal(("Кресла в офис", "Кресла и столы"), (renamed.GetProperty("from").GetString(), renamed.GetProperty("to").GetString()));
        var budget = entries["deal.budgetChanged"].Data();
        Assert.Equal((100_000m, 150_000m), (budget.GetProperty("from").GetDecimal(), budget.GetProperty("to").GetDecimal()));
        var assigned = entries["deal.assigned"].Data();
        Assert.Equal(colleagueId, assigned.GetProperty("toUserId").GetGuid());
        Assert.StartsWith("Manager", page.Name(colleagueId));
        Assert.Equal("Успешно реализовано", page.Name(entries["deal.won"].Data().GetProperty("stageId").GetGuid()));
        // The stage it was won from: the card's stage history is the feed alone.
        Assert.Equal(pipeline.Second, entries["deal.won"].Data().GetProperty("fromStageId").GetGuid());
        Assert.Equal("Переговоры", page.Name(pipeline.Second));
    }

    [Fact]
    public async Task A_lost_deal_says_why_and_tasks_on_it_are_told_planned_rescheduled_and_completed_with_the_result()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        var created = await manager.CreateDealAsync(pipeline, new { name = "Стулья" });
        var id = created.Id();
        var task = await manager.CreateCallAsync(app, dealId: id, text: "Позвонить Ивану");
        await (await manager.PutAsync($"/api/tasks/{task.Id()}", new
        {
            typeId = TasksKit.Call, text = "Позвонить Ивану", dueAt = app.Clock.GetUtcNow().AddDays(2), linkKind = "deal", linkId = id, version = 1,
        })).JsonAsync(HttpStatusCode.OK);
        await (await manager.PostAsync($"/api/tasks/{task.Id()}/complete", new { result = "Договорились о встрече" })).JsonAsync(HttpStatusCode.OK);
        await (await manager.PostAsync($"/api/deals/{id}/lost", new { reason = "Дорого" })).JsonAsync(HttpStatusCode.OK);

        var lost = await manager.WaitForEntryAsync("deal", id, "deal.lost");
        Assert.Equal("Дорого", lost.Data().GetProperty("reason").GetString());
        Assert.Equal(created.GetProperty("stageId").GetGuid(), lost.Data().GetProperty("fromStageId").GetGuid());
        var completed = await manager.WaitForEntryAsync("deal", id, "task.completed");
        Assert.Equal("Договорились о встрече", completed.Data().GetProperty("result").GetString());
        Assert.Equal("Позвонить Ивану", completed.Data().GetProperty("text").GetString());
        await manager.WaitForEntryAsync("deal", id, "task.rescheduled");
        var types = await manager.TypesAsync("deal", id);
        Assert.Equal(1, types.Count(t => t == "task.created"));
        Assert.DoesNotContain("deal.stageChanged", types);
    }

    [Fact]
    public async Task An_accepted_request_is_in_its_deals_feed_with_what_the_client_sent_and_the_contact_links_the_deal()
    {
        var pipeline = await app.SalesPipelineAsync();
        var (manager, _) = await app.UserAsync();
        var request = await manager.SubmitAsync(pipeline, new { contactName = "Пётр Сидоров", subject = "Нужны кресла", emails = new[] { "petr@example.com" } });
        var accepted = await (await manager.PostAsync($"/api/inbox/requests/{request.IdOf("id")}/accept")).JsonAsync(HttpStatusCode.OK);
        var dealId = accepted.IdOf("dealId");

        var entry = await manager.WaitForEntryAsync("deal", dealId, "request.accepted");
        Assert.Equal("Пётр Сидоров", entry.Data().GetProperty("contactName").GetString());
        Assert.Equal("Нужны 20 кресел в офис", entry.Data().GetProperty("message").GetString());
        Assert.Equal(["+73432123456"], entry.Data().GetProperty("phones").EnumerateArray().Select(p => p.GetString()));
        var linked = await manager.WaitForEntryAsync("deal", dealId, "deal.contactsLinked");
        var contactId = linked.Data().GetProperty("contactIds")[0].GetGuid();
        var onContact = await manager.WaitForEntryAsync("contact", contactId, "linkedToDeal");
        Assert.Equal(dealId, onContact.Data().GetProperty("dealId").GetGuid());
    }

    [Fact]
    public async Task An_event_delivered_again_or_at_once_twice_makes_one_entry_and_a_republished_state_none()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var deal = await manager.CreateDealAsync(pipeline, new { name = "Двойная доставка" });
        var id = deal.Id();
        await manager.WaitForEntryAsync("deal", id, "deal.created");
        var state = DealsKit.StateOf(id, 50, pipeline.Second, pipelineId: pipeline.Id, responsibleId: managerId, name: "Двойная доставка");
        var moved = new DealStageChanged(state, pipeline.First, managerId) { OccurredAt = app.Clock.GetUtcNow() };

        // The handler itself, twice at once and once more, with the same event: the unique entry holds.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => HandleAsync(moved)));
        await HandleAsync(moved);
        await app.PublishAsync(new DealRepublished(state with { Version = 51 }));
        await app.PublishAsync(new DealStageChanged(state with { Version = 52, StageId = pipeline.First }, pipeline.Second, managerId));

        await manager.WaitForEntryAsync("deal", id, "deal.stageChanged", e => e.Data().GetProperty("toStageId").GetGuid() == pipeline.First);
        Assert.Equal(["deal.stageChanged", "deal.stageChanged", "deal.created"], await manager.TypesAsync("deal", id));
    }

    private async Task HandleAsync(DealStageChanged moved)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Crm.BuildingBlocks.Data.DbSession>();
        await db.BeginAsync();
        await ActivatorUtilities.CreateInstance<TellDealStory>(scope.ServiceProvider).Handle(moved.Deal, moved, CancellationToken.None);
        await db.CommitAsync();
    }
}
