using System.Net;
using Crm.BuildingBlocks.Abstractions;
using Crm.Modules.Identity;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Tasks;
using Crm.Modules.Tasks.Contracts;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Directory;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tasks;

/// <summary>
/// Task and user events carry the record's state and version: Deals' task facts, Directory's task
/// counts and Tasks' copy of users end right whatever the order of delivery, a repeat of an event
/// changes nothing, a reminder of a state no longer current reminds nobody, and a republish of tasks
/// or users fills an empty copy.
/// </summary>
public sealed class TaskStateEventsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static readonly string[] TaskConsumers = ["Deals.KeepDealTaskFacts", "Directory.KeepTaskCounts"];

    /// <summary>Publishes the event on its own and waits until every handler has taken it.</summary>
    private async Task DeliveredAsync(IntegrationEvent e)
    {
        await app.PublishAsync(e);
        await using var db = await app.OpenDatabaseAsync();
        await Eventually.TrueAsync(() => BusState.DeliveredAsync(db, e.Id), $"{e.GetType().Name} delivered");
    }

    private async Task<(int Count, DateTimeOffset? Due)> DealTasksAsync(Guid dealId)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.QuerySingleAsync<(int, DateTimeOffset?)>(
            "select open_task_count, next_task_due from deals.deals where id = @dealId", new { dealId });
    }

    private async Task<int> CompanyTasksAsync(Guid companyId)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<int?>(
            "select open_task_count from directory.company_facts where company_id = @companyId", new { companyId }) ?? 0;
    }

    private static DateTimeOffset Whole(DateTimeOffset at) => at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));

    [Fact]
    public async Task A_tasks_events_out_of_order_and_twice_leave_the_deals_facts_and_the_companys_count_right()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.TaskUserAsync();
        var dealId = (await manager.CreateDealAsync(pipeline, new { name = "Сделка вне очереди" })).Id();
        var companyId = Guid.NewGuid();
        var (taskId, otherId) = (Guid.NewGuid(), Guid.NewGuid());
        var due = Whole(app.Clock.GetUtcNow().AddDays(2));
        // the task's life: planned on the deal, moved to the company, rescheduled there, completed
        var created = new TaskCreated(TasksKit.StateOf(taskId, 1, due, managerId, dealId: dealId), managerId);
        var moved = new TaskUpdated(TasksKit.StateOf(taskId, 2, due, managerId, companyId: companyId), managerId);
        var rescheduled = new TaskRescheduled(TasksKit.StateOf(taskId, 3, due.AddDays(1), managerId, companyId: companyId), due, managerId);
        var completed = new TaskCompleted(
            TasksKit.StateOf(taskId, 4, due.AddDays(1), managerId, companyId: companyId, status: TaskStatuses.Completed),
            "Готово", app.Clock.GetUtcNow(), null, managerId);

        // the reschedule first: the task is open on the company, not on the deal
        await DeliveredAsync(rescheduled);
        Assert.Equal((0, null), await DealTasksAsync(dealId));
        Assert.Equal(1, await CompanyTasksAsync(companyId));
        // the creation late: older, it does not put the task back on the deal
        await DeliveredAsync(created);
        Assert.Equal((0, null), await DealTasksAsync(dealId));
        Assert.Equal(1, await CompanyTasksAsync(companyId));
        await DeliveredAsync(completed);
        Assert.Equal(0, await CompanyTasksAsync(companyId));
        // the move late, and the creation and the completion again (a redelivery, and a repeat with another id)
        await DeliveredAsync(moved);
        await using (var db = await app.OpenDatabaseAsync())
        {
            foreach (var handler in TaskConsumers)
            {
                await BusState.DeliverAgainAsync(db, created.Id, handler);
                await BusState.DeliverAgainAsync(db, completed.Id, handler);
            }
            await Eventually.TrueAsync(
                async () => await BusState.DeliveredAsync(db, created.Id) && await BusState.DeliveredAsync(db, completed.Id),
                "the creation and the completion delivered again");
        }
        await DeliveredAsync(created with { Id = Guid.NewGuid() });
        Assert.Equal((0, null), await DealTasksAsync(dealId));
        Assert.Equal(0, await CompanyTasksAsync(companyId));

        // another task on the deal: its reschedule before its creation leaves the new due time
        var later = due.AddDays(5);
        await DeliveredAsync(new TaskRescheduled(TasksKit.StateOf(otherId, 2, later, managerId, dealId: dealId), due, managerId));
        await DeliveredAsync(new TaskCreated(TasksKit.StateOf(otherId, 1, due, managerId, dealId: dealId), managerId));
        Assert.Equal((1, later), await DealTasksAsync(dealId));
        var card = await manager.DealAsync(dealId);
        Assert.Equal(1, card.GetProperty("openTaskCount").GetInt32());
        Assert.Equal(later, card.GetProperty("nextTaskDue").GetDateTimeOffset());

        // deleted, then an older edit: the task stays gone from the deal, and its fact says deleted
        await DeliveredAsync(new TaskDeleted(
            TasksKit.StateOf(otherId, 4, later, managerId, dealId: dealId, status: TaskStatuses.Deleted), true, managerId));
        await DeliveredAsync(new TaskUpdated(TasksKit.StateOf(otherId, 3, later, managerId, dealId: dealId), managerId));
        Assert.Equal((0, null), await DealTasksAsync(dealId));
        await using (var db = await app.OpenDatabaseAsync())
        {
            Assert.Equal("deleted", await db.ExecuteScalarAsync<string>("select status from deals.task_facts where id = @otherId", new { otherId }));
            Assert.Equal("completed", await db.ExecuteScalarAsync<string>("select status from directory.task_facts where id = @taskId", new { taskId }));
        }
    }

    [Fact]
    public async Task A_users_events_out_of_order_and_twice_leave_the_newest_settings_in_Tasks_copy()
    {
        var userId = Guid.NewGuid();
        UserState State(int version, string zone, int lead, bool active) =>
            new(userId, version, $"{userId:N}@crm.local", "Вне очереди", "Manager", active, "ru", zone, lead, null);
        var created = new UserCreated(State(1, "Europe/Moscow", 30, true));
        var deactivated = new UserDeactivated(State(2, "Europe/Moscow", 30, false));
        var settings = new UserSettingsChanged(State(3, "Asia/Yekaterinburg", 15, false));
        async Task<(int, string, int, bool)> CopyAsync()
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.QuerySingleAsync<(int, string, int, bool)>(
                "select version, time_zone, reminder_lead_minutes, active from tasks.users where id = @userId", new { userId });
        }

        await DeliveredAsync(settings);
        await DeliveredAsync(created);
        await DeliveredAsync(deactivated);
        Assert.Equal((3, "Asia/Yekaterinburg", 15, false), await CopyAsync());

        await using (var db = await app.OpenDatabaseAsync())
        {
            await BusState.DeliverAgainAsync(db, created.Id, "Tasks.CopyUsers");
            await Eventually.TrueAsync(() => BusState.DeliveredAsync(db, created.Id), "the creation delivered again");
        }
        await DeliveredAsync(created with { Id = Guid.NewGuid() });
        Assert.Equal((3, "Asia/Yekaterinburg", 15, false), await CopyAsync());

        await DeliveredAsync(new UserActivated(State(4, "Asia/Yekaterinburg", 15, true)));
        Assert.Equal((4, "Asia/Yekaterinburg", 15, true), await CopyAsync());
    }

    [Fact]
    public async Task A_republish_of_tasks_fills_empty_copies_and_counts_each_task_once()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.TaskUserAsync();
        using var admin = await app.SignedInAsync();
        var dealId = (await manager.CreateDealAsync(pipeline, new { name = "Сделка для повтора" })).Id();
        var companyId = (await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Компания для повтора") })).Id();
        await app.WaitForAsync("select exists (select 1 from tasks.companies where id = @companyId)", new { companyId }, "Tasks' copy of the company");
        var onDeal = await manager.CreateCallAsync(app, dealId: dealId);
        var onCompany = await manager.CreateTaskAsync(new
        {
            typeId = TasksKit.Call, text = "Позвонить в компанию", dueAt = app.Clock.GetUtcNow().AddDays(3), linkKind = "company", linkId = companyId,
        });
        var tasks = new[] { onDeal.Id(), onCompany.Id() };
        await app.WaitForAsync(
            """
            select exists (select 1 from deals.deals where id = @dealId and open_task_count = 1)
               and exists (select 1 from directory.company_facts where company_id = @companyId and open_task_count = 1)
            """,
            new { dealId, companyId }, "the deal's and the company's counts");

        // copies emptied, as for a module added later or a read model rebuilt
        await using var db = await app.OpenDatabaseAsync();
        await db.ExecuteAsync(
            """
            delete from deals.task_facts where id = any(@tasks);
            update deals.deals set open_task_count = 0, next_task_due = null where id = @dealId;
            delete from directory.task_facts where id = any(@tasks);
            delete from directory.company_facts where company_id = @companyId;
            """,
            new { tasks, dealId, companyId });

        var published = await new TasksModule().RepublishAsync(app.Factory.Services, CancellationToken.None);
        Assert.True(published >= 2);
        await Eventually.TrueAsync(() => BusState.AllDeliveredAsync(db, "%TaskRepublished"), "every TaskRepublished delivered");
        Assert.Equal((1, onDeal.GetProperty("dueAt").GetDateTimeOffset()), await DealTasksAsync(dealId));
        Assert.Equal(1, await CompanyTasksAsync(companyId));
        Assert.Equal(2, await db.ExecuteScalarAsync<int>(
            "select count(*) from deals.task_facts where id = any(@tasks) and version = 1 and status = 'open'", new { tasks }));

        // a second republish finds every copy current: nothing counted twice
        await new TasksModule().RepublishAsync(app.Factory.Services, CancellationToken.None);
        await Eventually.TrueAsync(() => BusState.AllDeliveredAsync(db, "%TaskRepublished"), "every TaskRepublished delivered again");
        Assert.Equal(1, (await DealTasksAsync(dealId)).Count);
        Assert.Equal(1, await CompanyTasksAsync(companyId));
    }

    [Fact]
    public async Task A_republish_of_users_fills_an_empty_copy_and_leaves_a_current_one_alone()
    {
        var (lost, lostId) = await app.TaskUserAsync();
        var (_, keptId) = await app.TaskUserAsync();
        await app.SetZoneAsync(lost, lostId, "Asia/Yekaterinburg", 45);
        await using var db = await app.OpenDatabaseAsync();
        var version = await db.ExecuteScalarAsync<int>("select version from identity.users where id = @lostId", new { lostId });
        await db.ExecuteAsync("delete from tasks.users where id = @lostId", new { lostId });
        var keptRow = await db.ExecuteScalarAsync<string>("select xmin::text from tasks.users where id = @keptId", new { keptId });

        var published = await new IdentityModule().RepublishAsync(app.Factory.Services, CancellationToken.None);
        Assert.True(published >= 3);
        await Eventually.TrueAsync(() => BusState.AllDeliveredAsync(db, "%UserRepublished"), "every UserRepublished delivered");

        Assert.Equal((version, "Asia/Yekaterinburg", 45, true), await db.QuerySingleAsync<(int, string, int, bool)>(
            "select version, time_zone, reminder_lead_minutes, active from tasks.users where id = @lostId", new { lostId }));
        Assert.Equal(keptRow, await db.ExecuteScalarAsync<string>("select xmin::text from tasks.users where id = @keptId", new { keptId }));
    }
}
