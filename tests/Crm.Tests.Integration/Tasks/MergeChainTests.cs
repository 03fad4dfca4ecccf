using System.Net;
using Crm.BuildingBlocks.Abstractions;
using Crm.Modules.Directory.Contracts;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Directory;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tasks;

/// <summary>
/// A task follows its company or contact through merges, also when the survivor of a merge is merged
/// again later (A into B, then B into C: the task of A ends on C), whatever order Tasks handles the
/// merges in, and when they come again (a redelivery, a republish).
/// </summary>
public sealed class MergeChainTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static readonly Guid Admin = Guid.NewGuid();

    /// <summary>Publishes the event on its own and waits until every handler has taken it.</summary>
    private async Task DeliveredAsync(IntegrationEvent e)
    {
        await app.PublishAsync(e);
        await using var db = await app.OpenDatabaseAsync();
        await Eventually.TrueAsync(() => BusState.DeliveredAsync(db, e.Id), $"{e.GetType().Name} delivered");
    }

    private async Task<(string Kind, Guid Id, int Version)> LinkAsync(Guid taskId)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.QuerySingleAsync<(string, Guid, int)>(
            "select link_kind, link_id, version from tasks.tasks where id = @taskId", new { taskId });
    }

    private async Task<Guid> TaskOnAsync(CrmClient client, string kind, Guid linkId) =>
        (await client.CreateTaskAsync(new
        {
            typeId = TasksKit.Call, text = "Позвонить по цепочке", dueAt = app.Clock.GetUtcNow().AddDays(1), linkKind = kind, linkId,
        })).Id();

    [Fact]
    public async Task Merges_in_the_Lists_A_into_B_then_B_into_C_leave_the_task_of_A_on_C()
    {
        var (manager, _) = await app.TaskUserAsync();
        using var admin = await app.SignedInAsync();
        var a = (await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Цепочка А") })).Id();
        var b = (await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Цепочка Б") })).Id();
        var c = (await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Цепочка В") })).Id();
        var taskId = await TaskOnAsync(manager, "company", a);

        await (await admin.PostAsync($"/api/directory/companies/{b}/merge", new { mergeId = a })).JsonAsync(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/directory/companies/{c}/merge", new { mergeId = b })).JsonAsync(HttpStatusCode.OK);
        await using var db = await app.OpenDatabaseAsync();
        await Eventually.TrueAsync(() => BusState.AllDeliveredAsync(db, "%Directory%"), "the merges delivered");

        var link = await LinkAsync(taskId);
        Assert.Equal(("company", c), (link.Kind, link.Id));
        var read = await (await manager.GetAsync($"/api/tasks/{taskId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(c, read.GetProperty("link").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_company_merged_into_one_merged_on_before_Tasks_heard_of_it_leaves_its_task_on_the_last_survivor()
    {
        var (manager, _) = await app.TaskUserAsync();
        Guid a = Guid.CreateVersion7(), b = Guid.CreateVersion7(), c = Guid.CreateVersion7();
        foreach (var (id, name) in new[] { (a, "А"), (b, "Б"), (c, "В") })
        {
            await DeliveredAsync(new CompanyCreated(DealsKit.CompanyState(id, 1, $"Компания {name}"), Admin));
        }
        var taskId = await TaskOnAsync(manager, "company", a);
        var aIntoB = new CompanyMerged(
            DealsKit.CompanyState(a, 2, "Компания А", deleted: true, mergedInto: b), DealsKit.CompanyState(b, 2, "Компания Б"), Admin);
        var bIntoC = new CompanyMerged(
            DealsKit.CompanyState(b, 3, "Компания Б", deleted: true, mergedInto: c), DealsKit.CompanyState(c, 2, "Компания В"), Admin);

        // the later merge first: B is already gone into C when Tasks learns that A went into B
        await DeliveredAsync(bIntoC);
        Assert.Equal(a, (await LinkAsync(taskId)).Id);
        await DeliveredAsync(aIntoB);
        var (kind, linkId, version) = await LinkAsync(taskId);
        Assert.Equal(("company", c), (kind, linkId));
        Assert.Equal(2, version);

        // both again, and A's state republished: nothing moves, the task's version stays
        await DeliveredAsync(aIntoB with { Id = Guid.CreateVersion7() });
        await DeliveredAsync(bIntoC with { Id = Guid.CreateVersion7() });
        await DeliveredAsync(new CompanyRepublished(aIntoB.Company));
        Assert.Equal(("company", c, 2), await LinkAsync(taskId));
        await using var db = await app.OpenDatabaseAsync();
        // Two version-7 ids made in the same millisecond need not sort in the order they were made: compare by id.
        var mergedInto = (await db.QueryAsync<(Guid Id, Guid? MergedInto)>(
            "select id, merged_into from tasks.companies where id = any(@ids) and deleted", new { ids = new[] { a, b } }))
            .ToDictionary(r => r.Id, r => r.MergedInto);
        Assert.Equal(new Dictionary<Guid, Guid?> { [a] = c, [b] = c }, mergedInto);
    }

    [Fact]
    public async Task A_contact_merged_into_one_merged_on_before_Tasks_heard_of_it_leaves_its_task_on_the_last_survivor()
    {
        var (manager, _) = await app.TaskUserAsync();
        Guid a = Guid.CreateVersion7(), b = Guid.CreateVersion7(), c = Guid.CreateVersion7(), d = Guid.CreateVersion7();
        foreach (var (id, name) in new[] { (a, "Андреев"), (b, "Борисов"), (c, "Васильев"), (d, "Дмитриев") })
        {
            await DeliveredAsync(new ContactCreated(DealsKit.ContactState(id, 1, name), Admin));
        }
        var onA = await TaskOnAsync(manager, "contact", a);
        var onB = await TaskOnAsync(manager, "contact", b);

        // A into B, B into C, C into D, handled last first
        await DeliveredAsync(new ContactMerged(
            DealsKit.ContactState(c, 3, "Васильев", deleted: true, mergedInto: d), DealsKit.ContactState(d, 2, "Дмитриев"), Admin));
        await DeliveredAsync(new ContactMerged(
            DealsKit.ContactState(b, 3, "Борисов", deleted: true, mergedInto: c), DealsKit.ContactState(c, 2, "Васильев"), Admin));
        var link = await LinkAsync(onB);
        Assert.Equal(("contact", d), (link.Kind, link.Id));
        await DeliveredAsync(new ContactMerged(
            DealsKit.ContactState(a, 2, "Андреев", deleted: true, mergedInto: b), DealsKit.ContactState(b, 2, "Борисов"), Admin));
        Assert.Equal(("contact", d, 2), await LinkAsync(onA));
        Assert.Equal(("contact", d, 2), await LinkAsync(onB));
    }
}
