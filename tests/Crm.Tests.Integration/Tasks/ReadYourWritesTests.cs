using System.Net;
using Crm.Modules.Deals.Contracts;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tasks;

/// <summary>
/// Read-your-writes across modules: a client that creates a deal and at once plans a task on it gets
/// the task, although Tasks hears of the deal through the bus a moment later; the same for a task given
/// to a user the admin has just created (or refused to one just deactivated).
/// </summary>
public sealed class ReadYourWritesTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_task_planned_on_a_deal_whose_event_Tasks_has_not_taken_yet_waits_for_it_instead_of_400()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var dealId = Guid.NewGuid();

        // Hold Tasks' lane for this deal: an earlier delivery of the same aggregate, claimed by a transaction
        // that stays open, keeps the deal's DealCreated waiting in line (one aggregate's events in order).
        await using var holder = await app.OpenDatabaseAsync();
        await holder.ExecuteAsync(
            "insert into bus.deliveries (event_id, handler, event_type, aggregate_id) values (@EventId, 'Tasks.CopyDeals', 'Held.ByTheTest', @dealId)",
            new { EventId = Guid.NewGuid(), dealId });
        var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("select 1 from bus.deliveries where aggregate_id = @dealId for update", new { dealId }, hold);

        await app.PublishAsync(new DealCreated(DealsKit.StateOf(dealId, 1, Guid.NewGuid(), pipelineId: Guid.NewGuid(), responsibleId: managerId), managerId));
        var planning = manager.PostAsync("/api/tasks", new
        {
            typeId = TasksKit.Call, text = "Сразу после создания", dueAt = app.Clock.GetUtcNow().AddDays(1), linkKind = "deal", linkId = dealId,
        });
        await using (var db = await app.OpenDatabaseAsync())
        {
            await Eventually.TrueAsync(async () => await db.ExecuteScalarAsync<bool>(
                "select exists (select 1 from bus.deliveries where aggregate_id = @dealId and event_type like '%DealCreated')", new { dealId }),
                "the deal's event is committed");
            Assert.False(await db.ExecuteScalarAsync<bool>("select exists (select 1 from tasks.deals where id = @dealId)", new { dealId }));
        }

        // The held delivery goes (taken, as another instance would), and the line moves on.
        await holder.ExecuteAsync("delete from bus.deliveries where aggregate_id = @dealId and event_type = 'Held.ByTheTest'", new { dealId }, hold);
        await hold.CommitAsync();

        var task = await (await planning).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(dealId, task.GetProperty("link").Id());
    }

    [Fact]
    public async Task A_task_given_to_a_user_created_a_moment_ago_waits_for_Tasks_copy_instead_of_400()
    {
        var (manager, _) = await app.TaskUserAsync();

        // Tasks' copy of users lags: the new user's UserCreated stays pending until the hold goes.
        await using var held = await HeldCopy.HoldAsync(app, "tasks.users");
        var (_, newcomerId) = await app.UserAsync();
        await using (var db = await app.OpenDatabaseAsync())
        {
            Assert.False(await db.ExecuteScalarAsync<bool>("select exists (select 1 from tasks.users where id = @newcomerId)", new { newcomerId }));
        }

        var since = await held.NowAsync();
        var planning = manager.PostAsync("/api/tasks", new
        {
            typeId = TasksKit.Call, text = "Новичку", dueAt = app.Clock.GetUtcNow().AddDays(1), responsibleId = newcomerId,
        });
        var task = await (await held.ReleaseOnceWaitedForAsync(planning, since)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(newcomerId, task.GuidOf("responsibleId"));
    }

    [Fact]
    public async Task A_task_is_not_given_to_a_user_deactivated_a_moment_ago()
    {
        var (manager, _) = await app.TaskUserAsync();
        var (_, leaverId) = await app.TaskUserAsync();
        using var admin = await app.SignedInAsync();
        await (await admin.PostAsync($"/api/identity/users/{leaverId}/deactivate")).JsonAsync(HttpStatusCode.OK);

        var refused = await (await manager.PostAsync("/api/tasks", new
        {
            typeId = TasksKit.Call, text = "Ушедшему", dueAt = app.Clock.GetUtcNow().AddDays(1), responsibleId = leaverId,
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Ответственный не найден или отключён"], refused.FieldErrors("responsibleId"));
    }

    [Fact]
    public async Task A_deal_nobody_announced_is_still_not_found_at_once()
    {
        var (manager, _) = await app.TaskUserAsync();
        var response = await manager.PostAsync("/api/tasks", new
        {
            typeId = TasksKit.Call, text = "Куда?", dueAt = app.Clock.GetUtcNow().AddDays(1), linkKind = "deal", linkId = Guid.NewGuid(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
