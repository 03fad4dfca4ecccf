using Crm.BuildingBlocks.Abstractions;
using Crm.Modules.Deals.Jobs;
using Crm.Modules.Tasks.Contracts;
using Crm.Tests.Integration.Infrastructure;
using Crm.Tests.Integration.Tasks;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// TaskFactsCleanupJob: a closed task's fact goes once the retention (30 days) has passed since it
/// was closed, not before; open facts stay however old; and an event older than the retention that
/// arrives after its fact went (a dead event retried by hand) does not count the task again.
/// </summary>
public sealed class TaskFactsCleanupTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static readonly TimeSpan Retention = new TaskFactsOptions().Retention;

    private Task<int> CleanAsync() =>
        ActivatorUtilities.CreateInstance<TaskFactsCleanupJob>(app.Factory.Services).CleanAsync(CancellationToken.None);

    /// <summary>Publishes the event and waits until Deals' handler has taken it (its inbox row).</summary>
    private async Task DeliveredAsync(IntegrationEvent e)
    {
        await app.PublishAsync(e);
        await app.WaitForAsync(
            "select exists (select 1 from bus.inbox where event_id = @Id and handler like 'Deals.%')", new { e.Id }, $"Deals took {e.GetType().Name}");
    }

    private async Task<HashSet<Guid>> FactsAsync(params Guid[] taskIds)
    {
        await using var db = await app.OpenDatabaseAsync();
        return (await db.QueryAsync<Guid>("select id from deals.task_facts where id = any(@taskIds)", new { taskIds })).ToHashSet();
    }

    private async Task<int> OpenTasksAsync(Guid dealId)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<int>("select open_task_count from deals.deals where id = @dealId", new { dealId });
    }

    [Fact]
    public async Task Closed_facts_go_after_the_retention_and_a_late_older_event_does_not_bring_the_task_back()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.TaskUserAsync();
        var dealId = (await manager.CreateDealAsync(pipeline, new { name = "Сделка с прошлым" })).Id();
        var (completed, deleted, open) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var due = app.Clock.GetUtcNow().AddDays(1);
        var created = app.Clock.GetUtcNow();
        TaskCreated Created(Guid taskId) => new(TasksKit.StateOf(taskId, 1, due, managerId, dealId: dealId), managerId)
        {
            OccurredAt = created,
        };

        await DeliveredAsync(Created(completed));
        await DeliveredAsync(Created(deleted));
        await DeliveredAsync(Created(open));
        Assert.Equal(3, await OpenTasksAsync(dealId));
        await DeliveredAsync(new TaskCompleted(TasksKit.StateOf(completed, 3, due, managerId, dealId: dealId, status: TaskStatuses.Completed), "Готово", app.Clock.GetUtcNow(), null, managerId));
        await DeliveredAsync(new TaskDeleted(TasksKit.StateOf(deleted, 2, due, managerId, dealId: dealId, status: TaskStatuses.Deleted), true, managerId));
        Assert.Equal(1, await OpenTasksAsync(dealId));

        // a day short of the retention: everything stays, and the facts still stop older events
        app.Clock.Advance(Retention - TimeSpan.FromDays(1));
        await CleanAsync();
        Assert.Equal(new[] { completed, deleted, open }.Order(), (await FactsAsync(completed, deleted, open)).Order());
        await DeliveredAsync(new TaskRescheduled(TasksKit.StateOf(completed, 2, due.AddDays(1), managerId, dealId: dealId), due, managerId)
        {
            OccurredAt = created,
        });
        Assert.Equal(1, await OpenTasksAsync(dealId));

        app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.True(await CleanAsync() >= 2);
        Assert.Equal([open], await FactsAsync(completed, deleted, open));
        Assert.Equal(1, await OpenTasksAsync(dealId));

        // the same older events once their facts are gone: a dead delivery retried by hand
        await DeliveredAsync(new TaskRescheduled(TasksKit.StateOf(completed, 2, due.AddDays(1), managerId, dealId: dealId), due, managerId)
        {
            OccurredAt = created,
        });
        await DeliveredAsync(Created(completed));
        await DeliveredAsync(Created(deleted));
        Assert.Equal([open], await FactsAsync(completed, deleted, open));
        Assert.Equal(1, await OpenTasksAsync(dealId));

        // an open task's fact stays however old it is, and a new task still counts
        Assert.Equal(0, await CleanAsync());
        var fresh = Guid.NewGuid();
        await DeliveredAsync(new TaskCreated(TasksKit.StateOf(fresh, 1, due, managerId, dealId: dealId, text: "Новая"), managerId));
        Assert.Equal(2, await OpenTasksAsync(dealId));
    }

    [Fact]
    public async Task A_cleanup_deletes_in_batches_until_nothing_is_left()
    {
        var (_, managerId) = await app.TaskUserAsync();
        var due = app.Clock.GetUtcNow().AddDays(1);
        var tasks = Enumerable.Range(0, 25).Select(_ => Guid.NewGuid()).ToList();
        await app.PublishAsync(tasks.Select(id => (IntegrationEvent)new TaskDeleted(TasksKit.StateOf(id, 2, due, managerId, status: TaskStatuses.Deleted), true, managerId)).ToArray());
        await app.WaitForAsync("select count(*) = 25 from deals.task_facts where id = any(@tasks) and status = 'deleted'", new { tasks }, "25 closed facts");

        app.Clock.Advance(Retention + TimeSpan.FromMinutes(1));
        var job = ActivatorUtilities.CreateInstance<TaskFactsCleanupJob>(
            app.Factory.Services, Microsoft.Extensions.Options.Options.Create(new TaskFactsOptions { BatchSize = 10 }));
        Assert.True(await job.CleanAsync(CancellationToken.None) >= 25);
        Assert.Empty(await FactsAsync([.. tasks]));
    }
}
