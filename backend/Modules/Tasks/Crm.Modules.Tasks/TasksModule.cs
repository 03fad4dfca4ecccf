using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Jobs;
using Crm.BuildingBlocks.Modules;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Tasks.Common;
using Crm.Modules.Tasks.Contracts;
using Crm.Modules.Tasks.Features;
using Crm.Modules.Tasks.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Crm.Modules.Tasks;

/// <summary>
/// Tasks on deals, companies, contacts or nothing: the organizer's views in each user's time zone,
/// complete with a result and the next task, reminders and overdue notices raised once by a polling
/// job, a private iCalendar feed and .ics import. Keeps copies of deals, companies, contacts and
/// users' settings from their modules' events.
/// </summary>
public sealed class TasksModule : IModule
{
    internal const string ModuleName = "Tasks";

    public string Name => ModuleName;

    public string Schema => "tasks";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<NewTask>();
        services.AddScoped<BulkPlan>();
        services.AddBulkJobs<BulkPlanRunner>(ModuleName, configuration);
        services.AddSingleton<TaskReminders>();
    }

    public void Subscribe(EventSubscriptions subscriptions) => subscriptions
        .OnStateOf<DealState, CopyDeals>()
        .On<CompanyCreated, OnCompanyCreated>()
        .On<CompanyUpdated, OnCompanyUpdated>()
        .On<CompanyMerged, OnCompanyMerged>()
        .On<CompanyDeleted, OnCompanyDeleted>()
        .On<CompanyRepublished, OnCompanyRepublished>()
        .On<ContactCreated, OnContactCreated>()
        .On<ContactUpdated, OnContactUpdated>()
        .On<ContactMerged, OnContactMerged>()
        .On<ContactDeleted, OnContactDeleted>()
        .On<ContactRepublished, OnContactRepublished>()
        .OnStateOf<UserState, CopyUsers>()
        .On<TaskCreated, PushTaskChanges.OnTaskCreated>()
        .On<TaskUpdated, PushTaskChanges.OnTaskUpdated>()
        .On<TaskRescheduled, PushTaskChanges.OnTaskRescheduled>()
        .On<TaskReassigned, PushTaskChanges.OnTaskReassigned>()
        .On<TaskCompleted, PushTaskChanges.OnTaskCompleted>()
        .On<TaskDeleted, PushTaskChanges.OnTaskDeleted>();

    /// <summary>Publishes every task's current state as TaskRepublished, in id order (deleted tasks are gone and are not).</summary>
    public Task<int> RepublishAsync(IServiceProvider services, CancellationToken ct) =>
        Republishing.PublishAllAsync<TaskRow>(
            services,
            $"select {TaskRow.Columns} from tasks.tasks where id > @After order by id limit @Limit",
            row => row.Id,
            row => new TaskRepublished(row.ToState()),
            ct);

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        quartz.AddJob<TaskRemindersJob>(job => job.WithIdentity(TaskRemindersJob.Key));
        quartz.AddTrigger(trigger => trigger
            .ForJob(TaskRemindersJob.Key)
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(TaskRemindersJob.IntervalOf(configuration)).RepeatForever()));
    }
}
