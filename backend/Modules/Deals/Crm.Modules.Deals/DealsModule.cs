using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Jobs;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Deals.Features;
using Crm.Modules.Deals.Jobs;
using Crm.Modules.Directory.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Inbox.Contracts;
using Crm.Modules.Pipelines.Contracts;
using Crm.Modules.Tasks.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Crm.Modules.Deals;

/// <summary>
/// Deals on pipeline boards: quick add and the deal card, moves between stages with their
/// history, won/lost, custom fields, and the live board. Keeps its own copy of pipelines and
/// stages from Pipelines' events, of company and contact names from Directory's (following
/// merges and deletions), each deal's open tasks and nearest due time from Tasks', and which users
/// are active from Identity's (a deal is given only to an active user).
/// </summary>
public sealed class DealsModule : IModule
{
    /// <summary>The module's name, which starts its handlers' lane names (read-your-writes waits on them).</summary>
    internal const string ModuleName = "Deals";

    public string Name => ModuleName;

    public string Schema => "deals";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TaskFactsOptions>(configuration.GetSection(TaskFactsOptions.Section));
        services.AddBulkJobs<BulkChangeRunner>(ModuleName, configuration);
        // a batch's deals and their DealsImported (its clients) commit with the progress that covers them
        services.AddImportJobs<DealImportRunner>(ModuleName, configuration, batchSize: 500);
    }

    public void Subscribe(EventSubscriptions subscriptions) => subscriptions
        .OnStateOf<PipelineState, CopyPipelines>()
        .On<CompanyCreated, KeepCompanyNames.OnCompanyCreated>()
        .On<CompanyUpdated, KeepCompanyNames.OnCompanyUpdated>()
        .On<CompanyMerged, FollowCompanyMerges.OnCompanyMerged>()
        .On<CompanyDeleted, UnlinkDeletedCompanies.OnCompanyDeleted>()
        .On<CompanyRepublished, KeepCompanyNames.OnCompanyRepublished>()
        .On<CompanyRepublished, FollowCompanyMerges.OnMergedCompanyRepublished>()
        .On<CompanyRepublished, UnlinkDeletedCompanies.OnDeletedCompanyRepublished>()
        .On<ContactCreated, KeepContactNames.OnContactCreated>()
        .On<ContactUpdated, KeepContactNames.OnContactUpdated>()
        .On<ContactMerged, FollowContactMerges.OnContactMerged>()
        .On<ContactDeleted, UnlinkDeletedContacts.OnContactDeleted>()
        .On<ContactRepublished, KeepContactNames.OnContactRepublished>()
        .On<ContactRepublished, FollowContactMerges.OnMergedContactRepublished>()
        .On<ContactRepublished, UnlinkDeletedContacts.OnDeletedContactRepublished>()
        .On<DealCreated, NotifyBoardWatchers>()
        .On<DealUpdated, NotifyBoardWatchers>()
        .On<DealStageChanged, NotifyBoardWatchers>()
        .On<DealAssigned, NotifyBoardWatchers>()
        .On<DealWon, NotifyBoardWatchers>()
        .On<DealLost, NotifyBoardWatchers>()
        .On<DealDeleted, NotifyBoardWatchers>()
        .OnStateOf<TaskState, KeepDealTaskFacts>()
        .OnStateOf<UserState, CopyUsers>()
        .On<InboxRequestAccepted, OpenAcceptedRequests>()
        .On<RequestContactsFiled, OpenAcceptedRequests>()
        .On<DealClientsFiled, LinkImportedDealClients>();

    /// <summary>
    /// A copy of users that is new (migration 15), or whose rows lack the name or the e-mail (migrations 16
    /// and 21 set their version to 0), is filled from Identity's current state.
    /// </summary>
    public Task InitializeAsync(IServiceProvider services, CancellationToken ct)
    {
        Republishing.FillNewCopy<UserState, CopyUsers>(services, "deals.users", staleRows: "version = 0");
        return Task.CompletedTask;
    }

    /// <summary>Publishes every deal's current state (deleted ones too) as DealRepublished, in id order.</summary>
    public Task<int> RepublishAsync(IServiceProvider services, CancellationToken ct) =>
        Republishing.PublishAllAsync<DealStates.Row>(
            services,
            $"{DealStates.Select} where d.id > @After order by d.id limit @Limit",
            row => row.DealId,
            row => new DealRepublished(row.ToState()),
            ct);

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        quartz.AddJob<TaskFactsCleanupJob>(job => job.WithIdentity(TaskFactsCleanupJob.Key));
        quartz.AddTrigger(trigger => trigger
            .ForJob(TaskFactsCleanupJob.Key)
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(TaskFactsCleanupJob.Interval).RepeatForever()));
    }
}
