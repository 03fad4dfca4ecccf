using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Inbox.Contracts;
using Crm.Modules.Messaging.Common;
using Crm.Modules.Messaging.Features;
using Crm.Modules.Pipelines.Contracts;
using Crm.Modules.Tasks.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Messaging;

/// <summary>
/// The feed of every deal, company and contact (notes, messages to colleagues with @, and the record's
/// story told from the other modules' events) and the notifications of each user (mentions, task
/// reminders and overdue notices, deals given to them). Keeps copies of users, stages, companies,
/// contacts and deals to name things by; never reads another module's tables.
/// </summary>
public sealed class MessagingModule : IModule
{
    /// <summary>The module's name, which starts its handlers' lane names (read-your-writes waits on them).</summary>
    internal const string ModuleName = "Messaging";

    public string Name => ModuleName;

    public string Schema => "messaging";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<LiveFeed>();
        services.AddScoped<SystemEntries>();
        services.AddScoped<Notifications>();
        services.AddScoped<FeedMentions>();
        services.AddScoped<LiveChat>();
    }

    public void Subscribe(EventSubscriptions subscriptions) => subscriptions
        .OnStateOf<UserState, CopyUsers>()
        .OnStateOf<PipelineState, CopyStages>()
        .OnStateOf<CompanyState, CopyCompanies>()
        .OnStateOf<ContactState, CopyContacts>()
        .OnStateOf<DealState, TellDealStory>()
        .OnStateOf<TaskState, TellTaskStory>()
        .OnStateOf<TaskState, WithdrawStaleTaskNotices>()
        .On<InboxRequestAccepted, TellRequestStory>()
        .On<InboxRequestReplied, TellRequestStory>()
        .On<TaskReminderDue, NotifyTaskDue>()
        .On<TaskOverdue, NotifyTaskDue>()
        .On<DealAssigned, NotifyDealAssigned>()
        .On<InboxRequestAnnounced, NotifyRequestArrived>();

    /// <summary>Copies that are new (migration 2) are filled from their owners' current state, in the background.</summary>
    public Task InitializeAsync(IServiceProvider services, CancellationToken ct)
    {
        Republishing.FillNewCopy<UserState, CopyUsers>(services, "messaging.users");
        Republishing.FillNewCopy<PipelineState, CopyStages>(services, "messaging.stages");
        Republishing.FillNewCopy<CompanyState, CopyCompanies>(services, "messaging.companies");
        Republishing.FillNewCopy<ContactState, CopyContacts>(services, "messaging.contacts");
        Republishing.FillNewCopy<DealState, TellDealStory>(services, "messaging.deals");
        return Task.CompletedTask;
    }
}
