using System.Net;
using System.Text.Json;
using Crm.Modules.Tasks.Jobs;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Crm.Tests.Integration.Tasks;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Host;

/// <summary>
/// Two app instances on one database, their SignalR joined through a real Redis (CRM_TEST_REDIS,
/// started by build/test.sh): a user connected to one instance sees what happens through the other,
/// and every effect happens once.
/// </summary>
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private readonly TestClock clock = new();
    private CrmApp first = null!;
    private CrmApp second = null!;

    public async Task InitializeAsync()
    {
        var redis = Environment.GetEnvironmentVariable("CRM_TEST_REDIS");
        Assert.False(string.IsNullOrWhiteSpace(redis), "CRM_TEST_REDIS is not set: build/test.sh starts a Redis for this test");
        var database = await TestDatabase.CreateAsync();
        // One channel prefix per test run keeps these instances to themselves on a shared Redis.
        var settings = new Dictionary<string, string> { ["SignalR:Redis"] = redis!, ["SignalR:RedisChannelPrefix"] = database };
        first = new CrmApp(database, clock, settings);
        second = new CrmApp(database, clock, settings);
        await first.InitializeAsync();
        await second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await second.DisposeAsync();
        await first.DisposeAsync();
        await TestDatabase.DropAsync(first.Database);
    }

    [Fact]
    public async Task A_board_change_made_on_one_instance_reaches_a_watcher_on_the_other()
    {
        var pipeline = await first.PipelineAsync();
        await using var watcher = await HubListener.ConnectAsync(second, CrmApp.AdminEmail, CrmApp.AdminPassword, "dealChanged", $"pipeline:{pipeline.Id}");
        var (manager, _) = await first.UserAsync();

        var deal = await manager.CreateDealAsync(pipeline, new { name = "Через балансировщик" });
        await (await manager.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.Second })).JsonAsync(HttpStatusCode.OK);

        var moved = await watcher.NextAsync(m => m.GetProperty("dealId").GetGuid() == deal.Id() && m.GetProperty("change").GetString() == "moved");
        Assert.Equal(pipeline.Second, moved.GetProperty("stageId").GetGuid());
        await using var db = await first.OpenDatabaseAsync();
        Assert.Equal(1, await db.ExecuteScalarAsync<int>(
            "select count(*) from bus.inbox i join bus.outbox o on o.id = i.event_id where o.event_type like '%DealStageChanged' and o.aggregate_id = @Id and i.handler like 'Deals.%'",
            new { Id = deal.Id() }));
    }

    [Fact]
    public async Task A_reminder_raised_by_both_instances_reaches_the_user_on_the_other_instance_once()
    {
        var (manager, managerId) = await first.TaskUserAsync();
        await first.SetZoneAsync(manager, managerId, "Europe/Moscow", leadMinutes: 45);
        var email = await ManagerEmailAsync(managerId);
        await using var phone = await HubListener.ConnectAsync(second, email, DealsKit.ManagerPassword, "notification");
        var task = await manager.CreateCallAsync(first, from: TimeSpan.FromMinutes(60));

        clock.Advance(TimeSpan.FromMinutes(16)); // inside the 45-minute lead
        await Task.WhenAll(RunReminders(first), RunReminders(second), RunReminders(first), RunReminders(second));
        var notice = await phone.NextAsync(m => TaskOf(m) == task.Id());
        Assert.Equal("taskReminder", notice.GetProperty("notification").GetProperty("kind").GetString());

        // A sentinel through the same handler: once it is here, a duplicate of the first would be too.
        var sentinel = await manager.CreateCallAsync(first, from: TimeSpan.FromMinutes(10), text: "Сигнальная");
        await Task.WhenAll(RunReminders(first), RunReminders(second));
        var before = new List<Guid>();
        await phone.NextAsync(m =>
        {
            var taskId = TaskOf(m);
            before.Add(taskId);
            return taskId == sentinel.Id();
        });
        Assert.DoesNotContain(task.Id(), before);
        Assert.Single(await first.TaskOutboxAsync("TaskReminderDue", task.Id()));
    }

    /// <summary>The task a pushed notification (Messaging's <c>notification</c>) is about.</summary>
    private static Guid TaskOf(JsonElement pushed) =>
        pushed.GetProperty("notification").GetProperty("data").GetProperty("taskId").GetGuid();

    private static Task<(int Reminders, int Overdue)> RunReminders(CrmApp app) =>
        new TaskReminders(app.Factory.Services.GetRequiredService<IServiceScopeFactory>(), app.Clock).RunAsync(CancellationToken.None);

    private async Task<string> ManagerEmailAsync(Guid userId)
    {
        await using var db = await first.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<string>("select email from identity.users where id = @userId", new { userId }) ?? "";
    }
}
