using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Features;
using Crm.Modules.Directory.Jobs;
using Crm.Modules.Tasks.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Crm.Modules.Directory;

/// <summary>
/// The Lists: companies and contacts with their phones, e-mails and messengers, duplicates and
/// merges, suggestions while typing, custom fields. Creates the companies and contacts typed
/// into a deal from Deals' events, and keeps each company's open deal and task counts and each
/// contact's open task count from Deals' and Tasks' events (with an <c>idle</c> flag on the record
/// for the ready filters), removing the facts that can no longer matter.
/// </summary>
public sealed class DirectoryModule : IModule
{
    public string Name => "Directory";

    public string Schema => "directory";

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.Configure<FactsOptions>(configuration.GetSection(FactsOptions.Section));

    public void Subscribe(EventSubscriptions subscriptions) => subscriptions
        .On<DealCompanyEntered, CreateCompanyFromDeal>()
        .On<DealContactEntered, CreateContactFromDeal>()
        .On<DealCreated, KeepCompanyDealCounts>()
        .On<DealUpdated, KeepCompanyDealCounts>()
        .On<DealStageChanged, KeepCompanyDealCounts>()
        .On<DealWon, KeepCompanyDealCounts>()
        .On<DealLost, KeepCompanyDealCounts>()
        .On<DealDeleted, KeepCompanyDealCounts>()
        .On<DealRepublished, KeepCompanyDealCounts>()
        .On<TaskCreated, KeepTaskCounts>()
        .On<TaskUpdated, KeepTaskCounts>()
        .On<TaskRescheduled, KeepTaskCounts>()
        .On<TaskReassigned, KeepTaskCounts>()
        .On<TaskCompleted, KeepTaskCounts>()
        .On<TaskDeleted, KeepTaskCounts>()
        .On<TaskRepublished, KeepTaskCounts>();

    public void AddJobs(IQuartzBuilder quartz)
    {
        quartz.AddJob<FactsCleanupJob>(job => job.WithIdentity(FactsCleanupJob.Key));
        quartz.AddTrigger(trigger => trigger
            .ForJob(FactsCleanupJob.Key)
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(FactsCleanupJob.Interval).RepeatForever()));
    }
}
