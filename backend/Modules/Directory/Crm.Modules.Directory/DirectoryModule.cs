using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Features;
using Crm.Modules.Tasks.Contracts;

namespace Crm.Modules.Directory;

/// <summary>
/// The Lists: companies and contacts with their phones, e-mails and messengers, duplicates and
/// merges, suggestions while typing, custom fields. Creates the companies and contacts typed
/// into a deal from Deals' events, and keeps each company's open deal and task counts and each
/// contact's open task count from Deals' and Tasks' events.
/// </summary>
public sealed class DirectoryModule : IModule
{
    public string Name => "Directory";

    public string Schema => "directory";

    public void Subscribe(EventSubscriptions subscriptions) => subscriptions
        .On<DealCompanyEntered, CreateCompanyFromDeal>()
        .On<DealContactEntered, CreateContactFromDeal>()
        .On<DealCreated, KeepCompanyDealCounts.OnDealCreated>()
        .On<DealUpdated, KeepCompanyDealCounts.OnDealUpdated>()
        .On<DealStageChanged, KeepCompanyDealCounts.OnDealStageChanged>()
        .On<DealWon, KeepCompanyDealCounts.OnDealWon>()
        .On<DealLost, KeepCompanyDealCounts.OnDealLost>()
        .On<DealDeleted, KeepCompanyDealCounts.OnDealDeleted>()
        .On<TaskCreated, KeepTaskCounts.OnTaskCreated>()
        .On<TaskUpdated, KeepTaskCounts.OnTaskUpdated>()
        .On<TaskRescheduled, KeepTaskCounts.OnTaskRescheduled>()
        .On<TaskReassigned, KeepTaskCounts.OnTaskReassigned>()
        .On<TaskCompleted, KeepTaskCounts.OnTaskCompleted>()
        .On<TaskDeleted, KeepTaskCounts.OnTaskDeleted>();
}
