using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Tasks.Jobs;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Tasks;

/// <summary>
/// The reminder job's unit of work (TaskReminders), run directly while the scheduled job also runs:
/// each reminder and overdue notice is raised exactly once, however many runners, until a new due time re-arms it.
/// </summary>
public sealed class TaskRemindersTests(CrmApp app) : IClassFixture<CrmApp>
{
    /// <summary>A fresh runner, as a restarted or second app instance would have: it shares nothing in memory with the others.</summary>
    private TaskReminders Runner() => new(app.Factory.Services.GetRequiredService<IServiceScopeFactory>(), app.Clock);

    private async Task<(int Reminders, int Overdue)> CountAsync(Guid taskId) =>
        ((await app.TaskOutboxAsync("TaskReminderDue", taskId)).Count, (await app.TaskOutboxAsync("TaskOverdue", taskId)).Count);

    [Fact]
    public async Task A_reminder_comes_at_due_minus_the_lead_time_and_the_overdue_notice_after_the_due_time_each_once()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        await app.SetZoneAsync(manager, managerId, "Europe/Moscow", leadMinutes: 45);
        var dealId = await app.DealAsync(managerId);
        var task = await manager.CreateCallAsync(app, from: TimeSpan.FromMinutes(60), dealId: dealId);

        await Runner().RunAsync(CancellationToken.None);
        Assert.Equal((0, 0), await CountAsync(task.Id()));

        app.Clock.Advance(TimeSpan.FromMinutes(16)); // 44 minutes before the due time: inside the 45-minute lead
        await Runner().RunAsync(CancellationToken.None);
        await Runner().RunAsync(CancellationToken.None); // a restart: a new runner, same database
        Assert.Equal((1, 0), await CountAsync(task.Id()));
        var reminder = Assert.Single(await app.TaskOutboxAsync("TaskReminderDue", task.Id()));
        Assert.Equal(managerId, reminder.GetProperty("task").GuidOf("responsibleId"));
        Assert.Equal(dealId, reminder.GetProperty("task").GuidOf("dealId"));
        Assert.Equal(task.GetProperty("dueAt").GetDateTimeOffset(), reminder.GetProperty("task").GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(task.Version(), reminder.GetProperty("task").GetProperty("version").GetInt32());

        app.Clock.Advance(TimeSpan.FromMinutes(45));
        await Task.WhenAll(Runner().RunAsync(CancellationToken.None), Runner().RunAsync(CancellationToken.None));
        await Runner().RunAsync(CancellationToken.None);
        Assert.Equal((1, 1), await CountAsync(task.Id()));
        Assert.Equal(dealId, Assert.Single(await app.TaskOutboxAsync("TaskOverdue", task.Id())).GetProperty("task").GuidOf("dealId"));

        // a done task is never noticed again, whatever its due time
        await (await manager.PostAsync($"/api/tasks/{task.Id()}/complete", new { result = "Сделано" })).JsonAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Runner().RunAsync(CancellationToken.None);
        Assert.Equal((1, 1), await CountAsync(task.Id()));
    }

    [Fact]
    public async Task A_new_due_time_arms_the_reminder_and_the_overdue_notice_again()
    {
        var (manager, _) = await app.TaskUserAsync();
        var task = await manager.CreateCallAsync(app, from: TimeSpan.FromMinutes(10));
        await Runner().RunAsync(CancellationToken.None);
        Assert.Equal((1, 0), await CountAsync(task.Id()));
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        await Runner().RunAsync(CancellationToken.None);
        Assert.Equal((1, 1), await CountAsync(task.Id()));

        var current = await (await manager.GetAsync($"/api/tasks/{task.Id()}")).JsonAsync(HttpStatusCode.OK);
        await (await manager.PutAsync($"/api/tasks/{task.Id()}", new
        {
            typeId = TasksKit.Call, text = "Перенесли", dueAt = app.Clock.GetUtcNow().AddHours(2), version = current.Version(),
        })).JsonAsync(HttpStatusCode.OK);
        await Runner().RunAsync(CancellationToken.None);
        Assert.Equal((1, 1), await CountAsync(task.Id()));

        app.Clock.Advance(TimeSpan.FromMinutes(91));
        await Runner().RunAsync(CancellationToken.None);
        Assert.Equal((2, 1), await CountAsync(task.Id()));
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        await Runner().RunAsync(CancellationToken.None);
        await Runner().RunAsync(CancellationToken.None);
        Assert.Equal((2, 2), await CountAsync(task.Id()));
    }

    [Fact]
    public async Task Four_runners_at_once_over_many_due_tasks_raise_each_notice_exactly_once()
    {
        var (_, managerId) = await app.TaskUserAsync();
        var now = app.Clock.GetUtcNow();
        var ids = Enumerable.Range(0, 450).Select(_ => Guid.CreateVersion7()).ToArray();
        await using (var db = await app.OpenDatabaseAsync())
        {
            // 450 tasks whose reminders are due now and whose due time passes in a minute (more than two batches each)
            await db.ExecuteAsync(
                """
                insert into tasks.tasks (id, type_id, text, due_at, all_day, responsible_id, author_id, created_at, updated_at, remind_at)
                select id, @Type, 'Массовая задача', @Due, false, @Manager, @Manager, @Now, @Now, @Now from unnest(@Ids) as id
                """,
                new { Ids = ids, Type = TasksKit.Call, Due = now.AddMinutes(1), Manager = managerId, Now = now });
        }
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Runner().RunAsync(CancellationToken.None))));
        Assert.True(runs.Sum(r => r.Reminders) <= ids.Length);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Runner().RunAsync(CancellationToken.None))));

        await using var check = await app.OpenDatabaseAsync();
        foreach (var type in new[] { "TaskReminderDue", "TaskOverdue" })
        {
            var perTask = (await check.QueryAsync<(string TaskId, long Count)>(
                "select payload->'task'->>'taskId', count(*) from bus.outbox where event_type = @Type and payload->'task'->>'taskId' = any(@Ids) group by 1",
                new { Type = $"Crm.Modules.Tasks.Contracts.{type}", Ids = ids.Select(i => i.ToString()).ToArray() })).ToList();
            Assert.Equal(ids.Length, perTask.Count);
            Assert.All(perTask, p => Assert.Equal(1, p.Count));
        }
    }

    [Fact]
    public async Task The_reminder_reaches_the_responsible_users_browser_only_as_a_notification()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var (colleague, _) = await app.TaskUserAsync();
        await using var mine = await ConnectAsync(manager);
        await using var theirs = await ConnectAsync(colleague);
        var spy = await Assert.ThrowsAsync<HubException>(() => theirs.Connection.InvokeAsync("Watch", $"user:{managerId}"));
        Assert.Contains("server", spy.Message);

        var dealId = await app.DealAsync(managerId, "Сделка с напоминанием");
        var task = await manager.CreateCallAsync(app, from: TimeSpan.FromMinutes(5), dealId: dealId, text: "Напомни мне");
        await Runner().RunAsync(CancellationToken.None);

        // Messaging keeps it (the bell) and pushes it to the user's own topic: the interim taskNotice is gone.
        var pushed = (await mine.NextAsync(m => m.GetProperty("notification").GetProperty("kind").GetString() == "taskReminder"))
            .GetProperty("notification");
        Assert.Equal(("deal", dealId), (pushed.GetProperty("linkKind").GetString(), pushed.GetProperty("linkId").GetGuid()));
        var data = pushed.GetProperty("data");
        Assert.Equal(task.Id(), data.GuidOf("taskId"));
        Assert.Equal("Напомни мне", data.Text("text"));
        Assert.Equal(task.GetProperty("dueAt").GetDateTimeOffset(), data.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("Сделка с напоминанием", data.Text("subjectName"));

        // The sentinel: the colleague's own reminder, raised after the manager's was pushed; one connection's
        // messages keep their order, so the manager's would have come to the colleague before it.
        var own = await colleague.CreateCallAsync(app, from: TimeSpan.FromMinutes(5), text: "Моё напоминание");
        await Runner().RunAsync(CancellationToken.None);
        var seen = new List<Guid>();
        await theirs.NextAsync(m =>
        {
            var taskId = m.GetProperty("notification").GetProperty("data").GuidOf("taskId");
            seen.Add(taskId);
            return taskId == own.Id();
        });
        Assert.DoesNotContain(task.Id(), seen);
    }

    private Task<HubListener> ConnectAsync(CrmClient client) => app.ListenAsync(client, "notification");
}
