using Crm.BuildingBlocks.Abstractions;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Jobs;
using Crm.Modules.Tasks.Contracts;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Crm.Tests.Integration.Tasks;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Directory;

/// <summary>
/// FactsCleanupJob: counts at zero go at once; deleted deals' facts and completed or deleted tasks'
/// facts go once the retention (30 days) has passed, not before. Events older than the retention
/// that arrive after their fact went count nothing, and a merge moving a completed task whose fact
/// went (its TaskUpdated says completed) counts nothing either.
/// </summary>
public sealed class FactsCleanupTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static readonly Guid Someone = Guid.NewGuid();

    private static readonly TimeSpan Retention = new FactsOptions().Retention;

    private Task<FactsCleanupJob.Result> CleanAsync() =>
        ActivatorUtilities.CreateInstance<FactsCleanupJob>(app.Factory.Services).CleanAsync(CancellationToken.None);

    /// <summary>Publishes the event and waits until Directory's handler has taken it (its inbox row).</summary>
    private async Task DeliveredAsync(IntegrationEvent e)
    {
        await app.PublishAsync(e);
        await app.WaitForAsync(
            "select exists (select 1 from bus.inbox where event_id = @Id and handler like 'Directory.%')", new { e.Id }, $"Directory took {e.GetType().Name}");
    }

    private sealed record State(bool Idle, bool HasCounts, int OpenDeals, int OpenTasks);

    private async Task<State> CompanyAsync(Guid id)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.QuerySingleAsync<State>(
            """
            select c.idle as Idle, f.company_id is not null as HasCounts,
                coalesce(f.open_deal_count, 0) as OpenDeals, coalesce(f.open_task_count, 0) as OpenTasks
            from directory.companies c left join directory.company_facts f on f.company_id = c.id
            where c.id = @id
            """,
            new { id });
    }

    private async Task<(HashSet<Guid> Tasks, HashSet<Guid> Deals)> FactsAsync(Guid[] taskIds, Guid[] dealIds)
    {
        await using var db = await app.OpenDatabaseAsync();
        var tasks = (await db.QueryAsync<Guid>("select id from directory.task_facts where id = any(@taskIds)", new { taskIds })).ToHashSet();
        var deals = (await db.QueryAsync<Guid>("select deal_id from directory.deal_facts where deal_id = any(@dealIds)", new { dealIds })).ToHashSet();
        return (tasks, deals);
    }

    [Fact]
    public async Task Final_facts_go_after_the_retention_zero_counts_at_once_and_late_older_events_count_nothing()
    {
        using var admin = await app.SignedInAsync();
        var company = (await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Старая компания") })).Id();
        var contact = (await admin.CreateContactAsync(new { fullName = DirectoryKit.Unique("Старый контакт") })).Id();
        var (pipelineId, stageId, dealId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (onDeal, onCompany, onContact, deleted) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var created = app.Clock.GetUtcNow();
        var due = created.AddDays(1);
        TaskCreated NewTask(Guid taskId, Guid? dealOf, Guid? companyOf, Guid? contactOf) =>
            new(TasksKit.StateOf(taskId, 1, due, Someone, dealOf, companyOf, contactOf), Someone) { OccurredAt = created };
        TaskCompleted Done(Guid taskId, Guid? dealOf, Guid? companyOf, Guid? contactOf) =>
            new(TasksKit.StateOf(taskId, 2, due, Someone, dealOf, companyOf, contactOf, TaskStatuses.Completed), "Готово", created, null, Someone);
        DealCreated NewDeal() => new(DealsKit.StateOf(dealId, 1, stageId, companyId: company, pipelineId: pipelineId), Someone) { OccurredAt = created };

        await DeliveredAsync(NewDeal());
        await DeliveredAsync(NewTask(onDeal, dealId, null, null));
        await DeliveredAsync(NewTask(onCompany, null, company, null));
        await DeliveredAsync(NewTask(onContact, null, null, contact));
        await DeliveredAsync(NewTask(deleted, null, company, null));
        Assert.Equal(new State(false, true, 1, 2), await CompanyAsync(company));
        await DeliveredAsync(new DealDeleted(DealsKit.StateOf(dealId, 3, stageId, DealStatuses.Deleted, company, pipelineId), Someone));
        await DeliveredAsync(Done(onDeal, dealId, null, null));
        await DeliveredAsync(Done(onCompany, null, company, null));
        await DeliveredAsync(Done(onContact, null, null, contact));
        await DeliveredAsync(new TaskDeleted(TasksKit.StateOf(deleted, 2, due, Someone, companyId: company, status: TaskStatuses.Deleted), true, Someone));
        Assert.Equal(new State(true, true, 0, 0), await CompanyAsync(company));

        // counts at zero carry nothing: they go at once, and the company is still idle
        var first = await CleanAsync();
        Assert.True(first.CompanyCounts >= 1 && first.ContactCounts >= 1, first.ToString());
        Assert.Equal(new State(true, false, 0, 0), await CompanyAsync(company));
        await using (var db = await app.OpenDatabaseAsync())
        {
            Assert.False(await db.ExecuteScalarAsync<bool>("select exists (select 1 from directory.contact_facts where contact_id = @contact)", new { contact }));
        }
        Guid[] tasks = [onDeal, onCompany, onContact, deleted];
        Assert.Equal((4, 1), await CountAsync(tasks, dealId));

        // a day short of the retention, the final facts stay
        app.Clock.Advance(Retention - TimeSpan.FromDays(1));
        await CleanAsync();
        Assert.Equal((4, 1), await CountAsync(tasks, dealId));

        app.Clock.Advance(TimeSpan.FromDays(2));
        var second = await CleanAsync();
        Assert.True(second.TaskFacts >= 4 && second.DealFacts >= 1, second.ToString());
        Assert.Equal((0, 0), await CountAsync(tasks, dealId));

        // the older events again, once their facts are gone (a dead delivery retried by hand)
        await DeliveredAsync(NewDeal());
        await DeliveredAsync(new DealUpdated(DealsKit.StateOf(dealId, 2, stageId, companyId: company, pipelineId: pipelineId), Someone) { OccurredAt = created });
        await DeliveredAsync(NewTask(deleted, null, company, null));
        await DeliveredAsync(NewTask(onDeal, dealId, null, null));
        await DeliveredAsync(NewTask(onCompany, null, company, null));
        Assert.Equal(new State(true, false, 0, 0), await CompanyAsync(company));
        Assert.Equal((0, 0), await CountAsync(tasks, dealId));

        // a merge moving the completed company task now: a new fact, closed, that goes in its turn
        await DeliveredAsync(new TaskUpdated(TasksKit.StateOf(onCompany, 3, due, Someone, companyId: company, status: TaskStatuses.Completed), Someone));
        Assert.Equal(new State(true, false, 0, 0), await CompanyAsync(company));
        Assert.Equal((1, 0), await CountAsync(tasks, dealId));
        Assert.Equal(0, (await CleanAsync()).TaskFacts);
        app.Clock.Advance(Retention + TimeSpan.FromDays(1));
        Assert.True((await CleanAsync()).TaskFacts >= 1);
        Assert.Equal((0, 0), await CountAsync(tasks, dealId));
    }

    private async Task<(int Tasks, int Deals)> CountAsync(Guid[] tasks, Guid dealId)
    {
        var (leftTasks, leftDeals) = await FactsAsync(tasks, [dealId]);
        return (leftTasks.Count, leftDeals.Count);
    }
}
