using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Tasks;

/// <summary>PushTaskChanges: a real SignalR client watching "tasks" hears of each change of a task after it commits.</summary>
public sealed class PushTaskChangesTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static Task<JsonElement> ChangeAsync(HubListener listener, Guid taskId, string change) =>
        listener.NextAsync(m => m.GuidOf("taskId") == taskId && m.Text("change") == change);

    [Fact]
    public async Task Watchers_of_tasks_see_creation_edits_reassignment_completion_and_deletion()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var (_, colleagueId) = await app.TaskUserAsync();
        var (watcherClient, _) = await app.TaskUserAsync("HeadOfSales");
        await using var watcher = await app.ListenAsync(watcherClient, "taskChanged", "tasks");
        var dealId = await app.DealAsync(managerId, "Живые задачи");

        var task = await manager.CreateCallAsync(app, dealId: dealId, text: "Позвонить");
        var created = await ChangeAsync(watcher, task.Id(), "created");
        Assert.Equal(managerId, created.GuidOf("responsibleId"));
        Assert.Equal(JsonValueKind.Null, created.GetProperty("previousResponsibleId").ValueKind);
        Assert.Equal("deal", created.GetProperty("link").Text("kind"));
        Assert.Equal(dealId, created.GetProperty("link").GuidOf("id"));
        Assert.Equal(task.GetProperty("dueAt").GetDateTimeOffset(), created.GetProperty("dueAt").GetDateTimeOffset());

        object Body(DateTimeOffset dueAt, int version, Guid? responsibleId = null, string text = "Позвонить") =>
            new { typeId = TasksKit.Call, text, dueAt, responsibleId, linkKind = "deal", linkId = dealId, version };
        var due = task.GetProperty("dueAt").GetDateTimeOffset();
        var edited = await (await manager.PutAsync($"/api/tasks/{task.Id()}", Body(due, task.Version(), text: "Позвонить и записать")))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(managerId, (await ChangeAsync(watcher, task.Id(), "updated")).GuidOf("responsibleId"));

        var later = due.AddDays(1);
        var moved = await (await manager.PutAsync($"/api/tasks/{task.Id()}", Body(later, edited.Version(), text: "Позвонить и записать")))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(later, (await ChangeAsync(watcher, task.Id(), "rescheduled")).GetProperty("dueAt").GetDateTimeOffset());

        var handedOver = await (await manager.PutAsync($"/api/tasks/{task.Id()}", Body(later, moved.Version(), colleagueId, "Позвонить и записать")))
            .JsonAsync(HttpStatusCode.OK);
        var reassigned = await ChangeAsync(watcher, task.Id(), "reassigned");
        Assert.Equal(colleagueId, reassigned.GuidOf("responsibleId"));
        Assert.Equal(managerId, reassigned.GuidOf("previousResponsibleId"));
        Assert.Equal(colleagueId, handedOver.GuidOf("responsibleId"));

        await (await manager.PostAsync($"/api/tasks/{task.Id()}/complete", new { result = "Дозвонились" })).JsonAsync(HttpStatusCode.OK);
        var completed = await ChangeAsync(watcher, task.Id(), "completed");
        Assert.Equal(colleagueId, completed.GuidOf("responsibleId"));
        Assert.Equal(JsonValueKind.Null, completed.GetProperty("previousResponsibleId").ValueKind);

        var loose = await manager.CreateCallAsync(app, text: "Ни к чему");
        Assert.Equal(JsonValueKind.Null, (await ChangeAsync(watcher, loose.Id(), "created")).GetProperty("link").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"/api/tasks/{loose.Id()}")).StatusCode);
        Assert.Equal(managerId, (await ChangeAsync(watcher, loose.Id(), "deleted")).GuidOf("responsibleId"));
    }
}
