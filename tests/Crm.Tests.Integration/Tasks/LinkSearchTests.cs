using System.Net;
using System.Text.Json;
using Crm.BuildingBlocks.Abstractions;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Contracts;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Directory;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tasks;

/// <summary>
/// The search finds a task by its linked record's name as Tasks holds it on the task (link_search): set when
/// the task is created or its link changes, and kept when the deal, company or contact is renamed, through
/// the bus as Deals and Directory announce it, also when the record's copy comes after its task.
/// </summary>
public sealed class LinkSearchTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static readonly Guid Admin = Guid.NewGuid();

    private static async Task<IReadOnlyList<Guid>> FoundAsync(CrmClient client, string q) =>
        (await (await client.GetAsync($"/api/tasks/search?q={Uri.EscapeDataString(q)}&limit=50")).JsonAsync(HttpStatusCode.OK))
            .Items().Select(i => i.Id()).ToList();

    /// <summary>Publishes the event on its own and waits until every handler has taken it.</summary>
    private async Task DeliveredAsync(IntegrationEvent e)
    {
        await app.PublishAsync(e);
        await using var db = await app.OpenDatabaseAsync();
        await Eventually.TrueAsync(() => BusState.DeliveredAsync(db, e.Id), $"{e.GetType().Name} delivered");
    }

    private async Task<Guid> TaskOnAsync(CrmClient client, string kind, Guid linkId, string text = "Позвонить") =>
        (await client.CreateTaskAsync(new
        {
            typeId = TasksKit.Call, text, dueAt = app.Clock.GetUtcNow().AddDays(1), linkKind = kind, linkId,
        })).Id();

    [Fact]
    public async Task A_renamed_deal_finds_its_tasks_by_the_new_name_and_no_longer_by_the_old()
    {
        var tag = DirectoryKit.Unique("сосна")[^8..];
        var (manager, managerId) = await app.TaskUserAsync();
        var dealId = await app.DealAsync(managerId, $"Поставка сосны {tag}");
        var open = await TaskOnAsync(manager, "deal", dealId);
        var done = await TaskOnAsync(manager, "deal", dealId, "Отправить счёт");
        await (await manager.PostAsync($"/api/tasks/{done}/complete", new { result = "Отправлен" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([open, done], await FoundAsync(manager, $"сосны {tag}"));

        await DeliveredAsync(new DealUpdated(
            DealsKit.StateOf(dealId, 2, Guid.NewGuid(), pipelineId: Guid.NewGuid(), responsibleId: managerId, name: $"Поставка Ёлок {tag}"), managerId));
        Assert.Equal([open, done], await FoundAsync(manager, $"ЕЛОК {tag.ToUpperInvariant()}"));
        Assert.Empty(await FoundAsync(manager, $"сосны {tag}"));

        // an older state coming late changes nothing
        await DeliveredAsync(new DealUpdated(
            DealsKit.StateOf(dealId, 1, Guid.NewGuid(), pipelineId: Guid.NewGuid(), responsibleId: managerId, name: $"Поставка сосны {tag}"), managerId));
        Assert.Equal([open, done], await FoundAsync(manager, $"елок {tag}"));
        Assert.Empty(await FoundAsync(manager, $"сосны {tag}"));
    }

    [Fact]
    public async Task A_company_or_contact_renamed_in_the_Lists_finds_their_tasks_by_the_new_name()
    {
        var tag = DirectoryKit.Unique("клён")[^8..];
        var (manager, _) = await app.TaskUserAsync();
        using var admin = await app.SignedInAsync();
        var company = (await admin.CreateCompanyAsync(new { name = $"ООО Клён {tag}" })).Id();
        var contact = (await admin.CreateContactAsync(new { fullName = $"Клёнов Пётр {tag}" })).Id();
        await using (var db = await app.OpenDatabaseAsync())
        {
            await Eventually.TrueAsync(() => BusState.AllDeliveredAsync(db, "%Directory%"), "the records delivered");
        }
        var onCompany = await TaskOnAsync(manager, "company", company);
        var onContact = await TaskOnAsync(manager, "contact", contact);
        Assert.Equal([onCompany], await FoundAsync(manager, $"ооо клен {tag}"));
        Assert.Equal([onContact], await FoundAsync(manager, $"КЛЕНОВ ПЕТР {tag.ToUpperInvariant()}"));

        var companyBody = await admin.CompanyAsync(company);
        await (await admin.PutAsync($"/api/directory/companies/{company}", new { name = $"ООО Ясень {tag}", version = companyBody.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        var contactBody = await admin.ContactAsync(contact);
        await (await admin.PutAsync($"/api/directory/contacts/{contact}", new { fullName = $"Ясенев Пётр {tag}", version = contactBody.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        await using (var db = await app.OpenDatabaseAsync())
        {
            await Eventually.TrueAsync(() => BusState.AllDeliveredAsync(db, "%Directory%"), "the renames delivered");
        }
        Assert.Equal([onCompany], await FoundAsync(manager, $"ясень {tag}"));
        Assert.Equal([onContact], await FoundAsync(manager, $"ясенев петр {tag}"));
        Assert.Empty(await FoundAsync(manager, $"клен {tag}"));
    }

    [Fact]
    public async Task A_task_moved_to_another_record_is_found_by_that_ones_name()
    {
        var tag = DirectoryKit.Unique("ольха")[^8..];
        var (manager, managerId) = await app.TaskUserAsync();
        var first = await app.DealAsync(managerId, $"Ольховая роща {tag}");
        var second = await app.DealAsync(managerId, $"Берёзовая роща {tag}");
        var task = await manager.CreateTaskAsync(new
        {
            typeId = TasksKit.Call, text = "Позвонить", dueAt = app.Clock.GetUtcNow().AddDays(1), linkKind = "deal", linkId = first,
        });
        Assert.Equal([task.Id()], await FoundAsync(manager, $"ольховая роща {tag}"));

        await (await manager.PutAsync($"/api/tasks/{task.Id()}", new
        {
            typeId = TasksKit.Call, text = "Позвонить", dueAt = task.GetProperty("dueAt").GetDateTimeOffset(), linkKind = "deal", linkId = second,
            version = task.Version(),
        })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([task.Id()], await FoundAsync(manager, $"березовая роща {tag}"));
        Assert.Empty(await FoundAsync(manager, $"ольховая роща {tag}"));
    }

    /// <summary>A task whose contact Tasks had not heard of when it was written (older data, a merge's end not yet come) is found once the copy comes.</summary>
    [Fact]
    public async Task A_copy_that_comes_after_its_task_gives_the_task_its_name()
    {
        var tag = DirectoryKit.Unique("дуб")[^8..];
        var (manager, managerId) = await app.TaskUserAsync();
        var contact = Guid.CreateVersion7();
        var taskId = Guid.NewGuid();
        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync(
                """
                insert into tasks.tasks (id, type_id, text, due_at, all_day, responsible_id, author_id, created_at, updated_at, remind_at, link_kind, link_id)
                values (@taskId, @Type, 'Позвонить', now() + interval '1 day', false, @managerId, @managerId, now(), now(), now() + interval '1 day', 'contact', @contact)
                """, new { taskId, Type = TasksKit.Call, managerId, contact });
        }
        Assert.Empty(await FoundAsync(manager, $"дубов иван {tag}"));

        await DeliveredAsync(new ContactCreated(DealsKit.ContactState(contact, 1, $"Дубов Иван {tag}"), Admin));
        Assert.Equal([taskId], await FoundAsync(manager, $"дубов иван {tag}"));
        var found = (await (await manager.GetAsync($"/api/tasks/search?q={Uri.EscapeDataString($"дубов иван {tag}")}")).JsonAsync(HttpStatusCode.OK)).Items().Single();
        Assert.Equal($"Дубов Иван {tag}", found.Text("linkName"));
        Assert.Equal(JsonValueKind.Null, found.GetProperty("completedAt").ValueKind);
    }

    /// <summary>A contact merged into another: its task moves to the survivor and is found by the survivor's name, not the merged one's.</summary>
    [Fact]
    public async Task A_merged_contacts_task_is_found_by_the_survivors_name()
    {
        var tag = DirectoryKit.Unique("липа")[^8..];
        var (manager, _) = await app.TaskUserAsync();
        Guid merged = Guid.CreateVersion7(), survivor = Guid.CreateVersion7();
        await DeliveredAsync(new ContactCreated(DealsKit.ContactState(merged, 1, $"Липов Олег {tag}"), Admin));
        await DeliveredAsync(new ContactCreated(DealsKit.ContactState(survivor, 1, $"Липова Ольга {tag}"), Admin));
        var taskId = await TaskOnAsync(manager, "contact", merged);
        Assert.Equal([taskId], await FoundAsync(manager, $"липов олег {tag}"));

        await DeliveredAsync(new ContactMerged(
            DealsKit.ContactState(merged, 2, $"Липов Олег {tag}", deleted: true, mergedInto: survivor),
            DealsKit.ContactState(survivor, 2, $"Липова Ольга {tag}"), Admin));
        Assert.Equal([taskId], await FoundAsync(manager, $"липова ольга {tag}"));
        Assert.Empty(await FoundAsync(manager, $"липов олег {tag}"));
    }
}
