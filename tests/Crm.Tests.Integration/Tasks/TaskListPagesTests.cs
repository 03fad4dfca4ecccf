using System.Net;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Directory;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tasks;

/// <summary>
/// ListTasks takes a page of tasks first and then joins their type and link names: the pages still come in
/// (due, id) order, ties included, and every item keeps its type and link with the linked record's name.
/// </summary>
public sealed class TaskListPagesTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task Pages_keep_the_due_then_id_order_and_every_items_type_and_link_names()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        using var admin = await app.SignedInAsync();
        var dealId = await app.DealAsync(managerId, "Поставка экскаватора");
        var companyId = (await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("ООО «Ромашка»"), confirmDuplicate = true })).Id();
        var contactId = (await admin.CreateContactAsync(new { fullName = DirectoryKit.Unique("Иван Петров"), confirmDuplicate = true })).Id();
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<bool>(
                "select exists (select 1 from tasks.companies where id = @companyId) and exists (select 1 from tasks.contacts where id = @contactId)",
                new { companyId, contactId });
        }, "Tasks' copies of the company and the contact");

        var due = app.Clock.GetUtcNow().AddDays(2);
        var links = new (string? Kind, Guid? Id)[] { ("deal", dealId), ("company", companyId), ("contact", contactId), (null, null), ("deal", dealId) };
        var created = new List<(Guid Id, DateTimeOffset Due)>();
        for (var i = 0; i < links.Length; i++)
        {
            // the last three share one due time: only the id orders them
            var at = due.AddMinutes(Math.Min(i, 2) * 30);
            var task = await manager.CreateTaskAsync(new
            {
                typeId = i % 2 == 0 ? TasksKit.Call : TasksKit.Meeting, text = $"Задача {i}", dueAt = at,
                linkKind = links[i].Kind, linkId = links[i].Id,
            });
            created.Add((task.Id(), task.GetProperty("dueAt").GetDateTimeOffset()));
        }
        var expected = created.OrderBy(c => c.Due).ThenBy(c => c.Id.ToString(), StringComparer.Ordinal).Select(c => c.Id).ToList();
        var range = $"/api/tasks?view=range&from={Uri.EscapeDataString(due.AddMinutes(-1).ToString("O"))}"
            + $"&to={Uri.EscapeDataString(due.AddDays(1).ToString("O"))}&responsibleId={managerId}";

        var whole = await (await manager.GetAsync(range)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(expected, whole.Ids());
        var paged = new List<Guid>();
        string? after = null;
        do
        {
            var page = await (await manager.GetAsync($"{range}&limit=2{(after is null ? "" : $"&after={after}")}")).JsonAsync(HttpStatusCode.OK);
            Assert.True(page.Items().Count <= 2);
            paged.AddRange(page.Ids());
            after = page.GetProperty("nextCursor").ValueKind == System.Text.Json.JsonValueKind.Null ? null : page.Text("nextCursor");
        }
        while (after is not null);
        Assert.Equal(expected, paged);

        var items = whole.Items().ToDictionary(i => i.Id());
        for (var i = 0; i < links.Length; i++)
        {
            var item = items[created[i].Id];
            Assert.Equal(i % 2 == 0 ? "Звонок" : "Встреча", item.Text("typeName"));
            if (links[i].Kind is null)
            {
                Assert.Equal(System.Text.Json.JsonValueKind.Null, item.GetProperty("link").ValueKind);
                continue;
            }
            var link = item.GetProperty("link");
            Assert.Equal(links[i].Kind, link.Text("kind"));
            Assert.Equal(links[i].Id, link.GetProperty("id").GetGuid());
            var name = link.Text("name");
            Assert.False(string.IsNullOrEmpty(name));
            if (links[i].Kind == "deal")
            {
                Assert.Equal("Поставка экскаватора", name);
            }
        }
        Assert.StartsWith("ООО «Ромашка»", items[created[1].Id].GetProperty("link").Text("name"));
        Assert.StartsWith("Иван Петров", items[created[2].Id].GetProperty("link").Text("name"));
    }
}
