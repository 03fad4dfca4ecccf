using System.Net;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Tasks;

/// <summary>ListTasks: the organizer's views, reckoned in the viewing user's time zone.</summary>
public sealed class TaskViewsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    private static async Task<IReadOnlyList<Guid>> ViewAsync(CrmClient client, string view, Guid responsibleId) =>
        (await (await client.GetAsync($"/api/tasks?view={view}&responsibleId={responsibleId}")).JsonAsync(HttpStatusCode.OK)).Ids();

    [Fact]
    public async Task At_utc_plus_3_a_task_due_at_23_30_local_is_today_even_while_utc_is_still_yesterday()
    {
        var (manager, managerId) = await app.TaskUserAsync(); // Europe/Moscow, UTC+3, by default
        var now = app.MoveClockTo("Europe/Moscow", new TimeOnly(1, 0)); // 01:00 in Moscow is 22:00 UTC of the day before
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Moscow).DateTime);
        Assert.NotEqual(today, DateOnly.FromDateTime(now.UtcDateTime));

        var lateTonight = await manager.CreateTaskAsync(new
        {
            typeId = TasksKit.Call, text = "Перезвонить вечером",
            dueAt = new DateTimeOffset(today.ToDateTime(new TimeOnly(23, 30)), TimeSpan.FromHours(3)),
        });
        var afterMidnight = await manager.CreateTaskAsync(new
        {
            typeId = TasksKit.Call, text = "Сразу после полуночи",
            dueAt = new DateTimeOffset(today.AddDays(1).ToDateTime(new TimeOnly(0, 30)), TimeSpan.FromHours(3)),
        });
        var missed = await manager.CreateTaskAsync(new { typeId = TasksKit.Call, text = "Пропущенная", dueAt = now.AddMinutes(-30) });

        Assert.Equal([lateTonight.Id()], await ViewAsync(manager, "today", managerId));
        Assert.Equal([afterMidnight.Id()], await ViewAsync(manager, "tomorrow", managerId));
        Assert.Equal([missed.Id()], await ViewAsync(manager, "overdue", managerId));
        Assert.Contains(lateTonight.Id(), await ViewAsync(manager, "week", managerId));
        Assert.DoesNotContain(missed.Id(), await ViewAsync(manager, "week", managerId));
        Assert.True((await (await manager.GetAsync($"/api/tasks/{missed.Id()}")).JsonAsync(HttpStatusCode.OK)).GetProperty("overdue").GetBoolean());

        // the same instant, seen from UTC+5, is 01:30 of the next day there
        var (viewer, viewerId) = await app.TaskUserAsync("HeadOfSales");
        await app.SetZoneAsync(viewer, viewerId, "Asia/Yekaterinburg");
        Assert.DoesNotContain(lateTonight.Id(), await ViewAsync(viewer, "today", managerId));
        Assert.Contains(lateTonight.Id(), await ViewAsync(viewer, "tomorrow", managerId));
    }

    [Fact]
    public async Task An_all_day_task_is_due_at_the_end_of_its_day_in_the_responsibles_zone_and_then_overdue()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var now = app.MoveClockTo("Europe/Moscow", new TimeOnly(10, 0));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Moscow).DateTime);

        var task = await manager.CreateTaskAsync(new { typeId = TasksKit.Other, text = "Подготовить КП", allDay = true, dueDate = today });
        Assert.True(task.GetProperty("allDay").GetBoolean());
        Assert.Equal(today.ToString("yyyy-MM-dd"), task.Text("dueDate"));
        Assert.Equal(new DateTimeOffset(today.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.FromHours(3)), task.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Contains(task.Id(), await ViewAsync(manager, "today", managerId));

        app.MoveClockTo("Europe/Moscow", new TimeOnly(0, 0, 30));
        Assert.Contains(task.Id(), await ViewAsync(manager, "overdue", managerId));
        Assert.DoesNotContain(task.Id(), await ViewAsync(manager, "today", managerId));

        // a time zone change keeps the task on the same day, in the new zone
        await app.SetZoneAsync(manager, managerId, "Asia/Yekaterinburg");
        await Eventually.TrueAsync(async () =>
            (await (await manager.GetAsync($"/api/tasks/{task.Id()}")).JsonAsync(HttpStatusCode.OK)).GetProperty("dueAt").GetDateTimeOffset()
                == new DateTimeOffset(today.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.FromHours(5)),
            "the all-day task moves to the end of its day at UTC+5");
        Assert.Single(await app.TaskOutboxAsync("TaskRescheduled", task.Id()));
    }

    [Fact]
    public async Task A_calendar_range_shows_done_tasks_too_and_filters_by_type_and_pages_by_keyset()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var start = app.Clock.GetUtcNow().AddDays(3);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await manager.CreateTaskAsync(new { typeId = i == 0 ? TasksKit.Meeting : TasksKit.Call, text = $"Задача {i}", dueAt = start.AddHours(i) })).Id());
        }
        await (await manager.PostAsync($"/api/tasks/{ids[1]}/complete", new { result = "Договорились" })).JsonAsync(HttpStatusCode.OK);
        var range = $"/api/tasks?view=range&from={Uri.EscapeDataString(start.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(start.AddDays(1).ToString("O"))}&responsibleId={managerId}";

        var all = await (await manager.GetAsync(range)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(ids, all.Ids());
        Assert.Equal("completed", all.Items()[1].Text("status"));
        Assert.Equal([ids[0]], (await (await manager.GetAsync($"{range}&typeId={TasksKit.Meeting}")).JsonAsync(HttpStatusCode.OK)).Ids());

        var first = await (await manager.GetAsync($"{range}&limit=2")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(ids[..2], first.Ids());
        var second = await (await manager.GetAsync($"{range}&limit=2&after={first.Text("nextCursor")}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(ids[2..4], second.Ids());
        var third = await (await manager.GetAsync($"{range}&limit=2&after={second.Text("nextCursor")}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(ids[4..], third.Ids());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, third.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Bad_views_and_ranges_are_refused()
    {
        using var admin = await app.SignedInAsync();
        Assert.NotEmpty((await (await admin.GetAsync("/api/tasks?view=someday")).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("view"));
        Assert.NotEmpty((await (await admin.GetAsync("/api/tasks")).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("view"));
        Assert.NotEmpty((await (await admin.GetAsync("/api/tasks?view=range")).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("from"));
        Assert.NotEmpty((await (await admin.GetAsync("/api/tasks?view=range&from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z"))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("to"));
        Assert.NotEmpty((await (await admin.GetAsync("/api/tasks?view=today&after=nonsense")).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("after"));
        using var anonymous = app.Client();
        await (await anonymous.GetAsync("/api/tasks?view=today")).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
