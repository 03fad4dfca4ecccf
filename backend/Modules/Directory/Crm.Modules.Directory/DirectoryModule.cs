using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Contracts;
using Crm.Modules.Directory.Features;
using Crm.Modules.Directory.Jobs;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Inbox.Contracts;
using Crm.Modules.Tasks.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Crm.Modules.Directory;

/// <summary>
/// The Lists: companies and contacts with their phones, e-mails and messengers, duplicates and
/// merges, suggestions while typing, custom fields (a company or contact typed into a deal form is
/// created here too, by the same POST and duplicate rules). Keeps each company's open deal and task
/// counts and each contact's open task count from Deals' and Tasks' events (with an <c>idle</c> flag on the record
/// for the ready filters), removing the facts that can no longer matter; and which users are active,
/// from Identity's events (a record is given only to an active user).
/// </summary>
public sealed class DirectoryModule : IModule
{
    /// <summary>The module's name, which starts its handlers' lane names (read-your-writes waits on them).</summary>
    internal const string ModuleName = "Directory";

    public string Name => ModuleName;

    public string Schema => "directory";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FactsOptions>(configuration.GetSection(FactsOptions.Section));
        services.AddImportJobs<ImportRunner>(ModuleName, configuration, batchSize: 1_000);
    }

    public void Subscribe(EventSubscriptions subscriptions) => subscriptions
        .OnStateOf<DealState, KeepCompanyDealCounts>()
        .OnStateOf<TaskState, KeepTaskCounts>()
        .OnStateOf<UserState, CopyUsers>()
        .On<InboxRequestAccepted, FileRequestContacts>()
        .On<DealsImported, FileImportedDealClients>();

    /// <summary>
    /// A copy of users that is new (migration 8), or whose rows lack the name (migration 9 set their version
    /// to 0), is filled from Identity's current state.
    /// </summary>
    public Task InitializeAsync(IServiceProvider services, CancellationToken ct)
    {
        Republishing.FillNewCopy<UserState, CopyUsers>(services, "directory.users", staleRows: "version = 0");
        return Task.CompletedTask;
    }

    /// <summary>
    /// Publishes every company's and then every contact's current state (deleted and merged ones too)
    /// as CompanyRepublished / ContactRepublished, in id order.
    /// </summary>
    public async Task<int> RepublishAsync(IServiceProvider services, CancellationToken ct) =>
        await Republishing.PublishAllAsync<RecordStates.CompanyRow>(
            services,
            $"{RecordStates.SelectCompany} where c.id > @After order by c.id limit @Limit",
            row => row.CompanyId,
            row => new CompanyRepublished(row.ToState()),
            ct)
        + await Republishing.PublishAllAsync<RecordStates.ContactRow>(
            services,
            $"{RecordStates.SelectContact} where c.id > @After order by c.id limit @Limit",
            row => row.ContactId,
            row => new ContactRepublished(row.ToState()),
            ct);

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        quartz.AddJob<FactsCleanupJob>(job => job.WithIdentity(FactsCleanupJob.Key));
        quartz.AddTrigger(trigger => trigger
            .ForJob(FactsCleanupJob.Key)
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(FactsCleanupJob.Interval).RepeatForever()));
    }
}
