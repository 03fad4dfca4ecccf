using System.Net;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Tasks;

/// <summary>CreateTask, GetTask, UpdateTask and DeleteTask: defaults, bad input, rights, versions and events.</summary>
public sealed class CreateAndEditTaskTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_task_on_a_deal_goes_to_the_deals_responsible_and_shows_the_deals_name()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var dealId = await app.DealAsync(managerId, "Станки для дилера");
        using var admin = await app.SignedInAsync();
        var adminId = await app.AdminIdAsync();

        var task = await admin.CreateCallAsync(app, dealId: dealId);
        Assert.Equal(managerId, task.GuidOf("responsibleId"));
        Assert.Equal(adminId, task.GuidOf("authorId"));
        Assert.Equal("deal", task.GetProperty("link").Text("kind"));
        Assert.Equal(dealId, task.GetProperty("link").Id());
        Assert.Equal("Станки для дилера", task.GetProperty("link").Text("name"));
        Assert.Equal("Звонок", task.Text("typeName"));
        Assert.Equal("open", task.Text("status"));
        Assert.Equal(1, task.Version());

        var created = Assert.Single(await app.TaskOutboxAsync("TaskCreated", task.Id()));
        var state = created.GetProperty("task");
        Assert.Equal(dealId, state.GuidOf("dealId"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, state.GetProperty("companyId").ValueKind);
        Assert.Equal(managerId, state.GuidOf("responsibleId"));
        Assert.Equal("open", state.Text("status"));
        Assert.Equal(1, state.GetProperty("version").GetInt32());
        Assert.Equal(adminId, created.GuidOf("createdBy"));
        Assert.Equal(task.GetProperty("dueAt").GetDateTimeOffset(), state.GetProperty("dueAt").GetDateTimeOffset());

        // on nothing, the author is responsible; the manager reads it back
        var own = await manager.CreateCallAsync(app);
        Assert.Equal(managerId, own.GuidOf("responsibleId"));
        Assert.Equal(JsonNull, own.GetProperty("link").ValueKind);
        var read = await (await manager.GetAsync($"/api/tasks/{own.Id()}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Позвонить клиенту", read.Text("text"));
        await (await manager.GetAsync($"/api/tasks/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task Bad_input_is_refused_with_field_messages()
    {
        var (manager, _) = await app.TaskUserAsync();
        var due = app.Clock.GetUtcNow().AddDays(1);

        var empty = await (await manager.PostAsync("/api/tasks", new { typeId = TasksKit.Call, text = "  ", dueAt = due })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Напишите, что нужно сделать"], empty.FieldErrors("text"));
        Assert.NotEmpty((await (await manager.PostAsync("/api/tasks", new { typeId = TasksKit.Call, text = "Без срока" }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("dueAt"));
        Assert.NotEmpty((await (await manager.PostAsync("/api/tasks", new { typeId = TasksKit.Call, text = "Весь день", allDay = true }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("dueDate"));
        Assert.NotEmpty((await (await manager.PostAsync("/api/tasks", new { typeId = Guid.NewGuid(), text = "Тип?", dueAt = due }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("typeId"));
        Assert.Equal(["Сделка не найдена"], (await (await manager.PostAsync("/api/tasks",
            new { typeId = TasksKit.Call, text = "Куда?", dueAt = due, linkKind = "deal", linkId = Guid.NewGuid() }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("linkId"));
        Assert.NotEmpty((await (await manager.PostAsync("/api/tasks",
            new { typeId = TasksKit.Call, text = "Куда?", dueAt = due, linkKind = "pipeline", linkId = Guid.NewGuid() }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("linkKind"));
        Assert.NotEmpty((await (await manager.PostAsync("/api/tasks",
            new { typeId = TasksKit.Call, text = "Кому?", dueAt = due, responsibleId = Guid.NewGuid() }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("responsibleId"));
        Assert.NotEmpty((await (await manager.PostAsync("/api/tasks",
            new { typeId = TasksKit.Call, text = "Долго", dueAt = due, durationMinutes = 0 }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("durationMinutes"));

        var deleted = await app.DealAsync(Guid.NewGuid());
        await app.PublishAsync(new Crm.Modules.Deals.Contracts.DealDeleted(
            DealsKit.StateOf(deleted, 2, Guid.NewGuid(), Crm.Modules.Deals.Contracts.DealStatuses.Deleted), Guid.NewGuid()));
        await Eventually.TrueAsync(async () => (await manager.PostAsync("/api/tasks",
                new { typeId = TasksKit.Call, text = "На удалённую", dueAt = due, linkKind = "deal", linkId = deleted })).StatusCode == HttpStatusCode.BadRequest,
            "a deleted deal takes no new tasks");

        using var anonymous = app.Client();
        await anonymous.GetAsync("/api/identity/me");
        await (await anonymous.PostAsync("/api/tasks", new { typeId = TasksKit.Call, text = "Аноним", dueAt = due })).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_edit_publishes_rescheduled_reassigned_or_updated_and_a_stale_version_is_a_conflict()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var (_, colleagueId) = await app.TaskUserAsync();
        var task = await manager.CreateCallAsync(app);
        var due = task.GetProperty("dueAt").GetDateTimeOffset();
        object Body(DateTimeOffset dueAt, int version, string text = "Позвонить клиенту", Guid? responsibleId = null) =>
            new { typeId = TasksKit.Call, text, dueAt, responsibleId, version };

        var edited = await (await manager.PutAsync($"/api/tasks/{task.Id()}", Body(due, 1, "Позвонить и уточнить объём"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Позвонить и уточнить объём", edited.Text("text"));
        Assert.Equal(2, edited.Version());
        Assert.Single(await app.TaskOutboxAsync("TaskUpdated", task.Id()));

        var later = due.AddDays(2);
        var moved = await (await manager.PutAsync($"/api/tasks/{task.Id()}", Body(later, 2, "Позвонить и уточнить объём"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(later, moved.GetProperty("dueAt").GetDateTimeOffset());
        var rescheduled = Assert.Single(await app.TaskOutboxAsync("TaskRescheduled", task.Id()));
        Assert.Equal(due, rescheduled.GetProperty("previousDueAt").GetDateTimeOffset());
        Assert.Equal(later, rescheduled.GetProperty("task").GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(3, rescheduled.GetProperty("task").GetProperty("version").GetInt32());

        await (await manager.PutAsync($"/api/tasks/{task.Id()}", Body(later, 2, "Старая версия"))).ProblemAsync(HttpStatusCode.Conflict);
        Assert.NotEmpty((await (await manager.PutAsync($"/api/tasks/{task.Id()}", Body(later, 3, ""))).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("text"));

        var handed = await (await manager.PutAsync($"/api/tasks/{task.Id()}", Body(later, 3, "Позвонить и уточнить объём", colleagueId))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(colleagueId, handed.GuidOf("responsibleId"));
        var reassigned = Assert.Single(await app.TaskOutboxAsync("TaskReassigned", task.Id()));
        Assert.Equal(managerId, reassigned.GuidOf("fromResponsibleId"));
        Assert.Equal(colleagueId, reassigned.GetProperty("task").GuidOf("responsibleId"));
        Assert.Single(await app.TaskOutboxAsync("TaskUpdated", task.Id()));
        Assert.Single(await app.TaskOutboxAsync("TaskRescheduled", task.Id()));
        await (await manager.PutAsync($"/api/tasks/{Guid.NewGuid()}", Body(later, 1))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Managers_edit_only_the_tasks_they_set_or_hold_heads_of_sales_edit_all()
    {
        var (author, _) = await app.TaskUserAsync();
        var (stranger, _) = await app.TaskUserAsync();
        var (head, _) = await app.TaskUserAsync("HeadOfSales");
        var task = await author.CreateCallAsync(app);
        var body = new { typeId = TasksKit.Meeting, text = "Встреча", dueAt = task.GetProperty("dueAt").GetDateTimeOffset(), version = 1 };

        await (await stranger.PutAsync($"/api/tasks/{task.Id()}", body)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await stranger.PostAsync($"/api/tasks/{task.Id()}/complete", new { result = "Не моё" })).ProblemAsync(HttpStatusCode.Forbidden);
        var byHead = await (await head.PutAsync($"/api/tasks/{task.Id()}", body)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Встреча", byHead.Text("typeName"));

        await (await author.PostAsync($"/api/tasks/{task.Id()}/complete", new { result = "Встретились" })).JsonAsync(HttpStatusCode.OK);
        await (await author.PutAsync($"/api/tasks/{task.Id()}", body with { version = 3 })).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_the_author_or_an_admin_deletes_a_task()
    {
        var (author, authorId) = await app.TaskUserAsync();
        var (responsible, responsibleId) = await app.TaskUserAsync();
        var (head, _) = await app.TaskUserAsync("HeadOfSales");
        using var admin = await app.SignedInAsync();
        var dealId = await app.DealAsync(responsibleId);
        var task = await author.CreateCallAsync(app, dealId: dealId);
        Assert.Equal(responsibleId, task.GuidOf("responsibleId"));

        await (await responsible.DeleteAsync($"/api/tasks/{task.Id()}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await head.DeleteAsync($"/api/tasks/{task.Id()}")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty(await app.TaskOutboxAsync("TaskDeleted", task.Id()));
        Assert.Equal(HttpStatusCode.NoContent, (await author.DeleteAsync($"/api/tasks/{task.Id()}")).StatusCode);
        var deleted = Assert.Single(await app.TaskOutboxAsync("TaskDeleted", task.Id()));
        Assert.Equal(dealId, deleted.GetProperty("task").GuidOf("dealId"));
        Assert.Equal("deleted", deleted.GetProperty("task").Text("status"));
        Assert.Equal(2, deleted.GetProperty("task").GetProperty("version").GetInt32());
        Assert.True(deleted.GetProperty("wasOpen").GetBoolean());
        Assert.Equal(authorId, deleted.GuidOf("deletedBy"));
        await (await author.GetAsync($"/api/tasks/{task.Id()}")).ProblemAsync(HttpStatusCode.NotFound);

        var another = await author.CreateCallAsync(app);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tasks/{another.Id()}")).StatusCode);
        await (await admin.DeleteAsync($"/api/tasks/{another.Id()}")).ProblemAsync(HttpStatusCode.NotFound);
    }
}
