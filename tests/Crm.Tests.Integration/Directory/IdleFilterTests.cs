using System.Net;
using System.Text.Json;
using Crm.BuildingBlocks.Abstractions;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Tasks.Contracts;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Crm.Tests.Integration.Tasks;
using Dapper;

namespace Crm.Tests.Integration.Directory;

/// <summary>
/// The ready filters read the records' <c>idle</c> flag, kept with the open counts: it follows deals
/// and tasks, merges and deletions, a deal that reached Directory before its company, and events
/// delivered concurrently; the list's total matches its items and every flag matches the counts.
/// </summary>
public sealed class IdleFilterTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static readonly Guid Someone = Guid.NewGuid();

    /// <summary>"total: names in order", of the page and of what the test expects.</summary>
    private static string Shown(long total, IEnumerable<string> names) => $"{total}: {string.Join(" | ", names.Order(StringComparer.Ordinal))}";

    private static string Expected(params string[] names) => Shown(names.Length, names);

    private static async Task<string> IdleCompaniesAsync(CrmClient client, string tag)
    {
        var page = await (await client.GetAsync(
            $"/api/directory/companies?q={Uri.EscapeDataString(tag)}&filter=without-deals-and-tasks")).JsonAsync(HttpStatusCode.OK);
        return Shown(page.GetProperty("total").GetInt64(), page.GetProperty("items").EnumerateArray().Select(i => i.Text("name")));
    }

    private static async Task<string> IdleContactsAsync(CrmClient client, string tag)
    {
        var page = await (await client.GetAsync(
            $"/api/directory/contacts?q={Uri.EscapeDataString(tag)}&filter=without-tasks")).JsonAsync(HttpStatusCode.OK);
        return Shown(page.GetProperty("total").GetInt64(), page.GetProperty("items").EnumerateArray().Select(i => i.Text("fullName")));
    }

    /// <summary>Publishes the events (one transaction each, at once) and waits until every subscriber has them.</summary>
    private async Task DeliveredAsync(params IntegrationEvent[] events)
    {
        await Task.WhenAll(events.Select(e => app.PublishAsync(e)));
        await app.WaitForAsync(
            "select count(*) = @Count from bus.outbox o where id = any(@Ids) and not exists (select 1 from bus.deliveries d where d.event_id = o.id and not d.dead)",
            new { Count = events.Length, Ids = events.Select(e => e.Id).ToArray() }, "the events delivered");
    }

    /// <summary>
    /// No company or contact whose flag disagrees with its counts, and the filters' totals without a
    /// search (kept) equal to a count of the flags.
    /// </summary>
    private async Task AssertFlagsMatchCountsAsync(CrmClient client)
    {
        await using var db = await app.OpenDatabaseAsync();
        var companies = await (await client.GetAsync("/api/directory/companies?filter=without-deals-and-tasks")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(
            await db.ExecuteScalarAsync<long>("select count(*) from directory.companies where deleted_at is null and idle"),
            companies.GetProperty("total").GetInt64());
        var contacts = await (await client.GetAsync("/api/directory/contacts?filter=without-tasks")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(
            await db.ExecuteScalarAsync<long>("select count(*) from directory.contacts where deleted_at is null and idle"),
            contacts.GetProperty("total").GetInt64());
        Assert.Equal(0, await db.ExecuteScalarAsync<long>(
            """
            select count(*) from directory.companies c
            where c.idle <> not exists (
                select 1 from directory.company_facts f where f.company_id = c.id and (f.open_deal_count <> 0 or f.open_task_count <> 0))
            """));
        Assert.Equal(0, await db.ExecuteScalarAsync<long>(
            """
            select count(*) from directory.contacts c
            where c.idle <> not exists (select 1 from directory.contact_facts f where f.contact_id = c.id and f.open_task_count <> 0)
            """));
    }

    private static TaskCreated NewTask(Guid taskId, Guid? companyId, Guid? contactId) =>
        new(TasksKit.StateOf(taskId, 1, DateTimeOffset.UtcNow.AddDays(1), Someone, companyId: companyId, contactId: contactId), Someone);

    [Fact]
    public async Task The_filters_follow_deals_tasks_merges_and_deletions()
    {
        var tag = DirectoryKit.Unique("Простой");
        using var admin = await app.SignedInAsync();
        var a = (await admin.CreateCompanyAsync(new { name = $"{tag} А" })).Id();
        var b = (await admin.CreateCompanyAsync(new { name = $"{tag} Б" })).Id();
        var c = (await admin.CreateCompanyAsync(new { name = $"{tag} В" })).Id();
        var x = (await admin.CreateContactAsync(new { fullName = $"{tag} Икс" })).Id();
        await admin.CreateContactAsync(new { fullName = $"{tag} Игрек" });
        Assert.Equal(Expected($"{tag} А", $"{tag} Б", $"{tag} В"), await IdleCompaniesAsync(admin, tag));
        Assert.Equal(Expected($"{tag} Игрек", $"{tag} Икс"), await IdleContactsAsync(admin, tag));

        var (pipelineId, stageId, dealId, taskB, taskX) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await DeliveredAsync(
            new DealCreated(DealsKit.StateOf(dealId, 1, stageId, companyId: a, pipelineId: pipelineId), Someone),
            NewTask(taskB, b, null),
            NewTask(taskX, null, x));
        Assert.Equal(Expected($"{tag} В"), await IdleCompaniesAsync(admin, tag));
        Assert.Equal(Expected($"{tag} Игрек"), await IdleContactsAsync(admin, tag));

        // А's open deal moves to В with the merge
        await (await admin.PostAsync($"/api/directory/companies/{c}/merge", new { mergeId = a })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(Expected(), await IdleCompaniesAsync(admin, tag));

        await DeliveredAsync(new TaskCompleted(TasksKit.StateOf(taskB, 2, DateTimeOffset.UtcNow, Someone, companyId: b, status: TaskStatuses.Completed), "Готово", DateTimeOffset.UtcNow, null, Someone));
        Assert.Equal(Expected($"{tag} Б"), await IdleCompaniesAsync(admin, tag));
        await DeliveredAsync(new DealDeleted(DealsKit.StateOf(dealId, 2, stageId, DealStatuses.Deleted, a, pipelineId), Someone));
        Assert.Equal(Expected($"{tag} Б", $"{tag} В"), await IdleCompaniesAsync(admin, tag));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/directory/companies/{b}")).StatusCode);
        Assert.Equal(Expected($"{tag} В"), await IdleCompaniesAsync(admin, tag));

        await DeliveredAsync(new TaskDeleted(TasksKit.StateOf(taskX, 2, DateTimeOffset.UtcNow, Someone, contactId: x, status: TaskStatuses.Deleted), true, Someone));
        Assert.Equal(Expected($"{tag} Игрек", $"{tag} Икс"), await IdleContactsAsync(admin, tag));
        await AssertFlagsMatchCountsAsync(admin);
    }

    [Fact]
    public async Task Concurrent_events_leave_every_flag_matching_its_counts()
    {
        var tag = DirectoryKit.Unique("Наперегонки");
        using var admin = await app.SignedInAsync();
        var companies = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            companies.Add((await admin.CreateCompanyAsync(new { name = $"{tag} {i}" })).Id());
        }
        var contact = (await admin.CreateContactAsync(new { fullName = $"{tag} контакт" })).Id();
        // four tasks on each company and the contact, all completed on the even ones (the contact is
        // the seventh), one left open on the others; every event in its own transaction, all at once
        var events = new List<IntegrationEvent>();
        foreach (var (owner, index) in companies.Append(contact).Select((id, i) => (id, i)))
        {
            var isContact = owner == contact;
            for (var t = 0; t < 4; t++)
            {
                var taskId = Guid.NewGuid();
                var (companyId, contactId) = isContact ? ((Guid?)null, (Guid?)owner) : (owner, null);
                events.Add(NewTask(taskId, companyId, contactId));
                if (index % 2 == 0 || t > 0)
                {
                    events.Add(new TaskCompleted(TasksKit.StateOf(taskId, 2, DateTimeOffset.UtcNow, Someone, companyId: companyId, contactId: contactId, status: TaskStatuses.Completed), "Готово", DateTimeOffset.UtcNow, null, Someone));
                }
            }
        }
        await DeliveredAsync([.. events.OrderBy(_ => Random.Shared.Next())]);

        Assert.Equal(Expected($"{tag} 0", $"{tag} 2", $"{tag} 4"), await IdleCompaniesAsync(admin, tag));
        Assert.Equal(Expected($"{tag} контакт"), await IdleContactsAsync(admin, tag));
        await AssertFlagsMatchCountsAsync(admin);
    }
}
