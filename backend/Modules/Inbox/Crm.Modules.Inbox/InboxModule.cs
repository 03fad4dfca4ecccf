using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Web;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Inbox.Common;
using Crm.Modules.Inbox.Contracts;
using Crm.Modules.Inbox.Features;
using Crm.Modules.Inbox.Jobs;
using Crm.Modules.Inbox.Mail;
using Crm.Modules.Pipelines.Contracts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Crm.Modules.Inbox;

/// <summary>
/// «Неразобранное»: requests from the web site's forms, the shared mailbox and the API, seen by
/// everyone until a manager accepts one (its deal opens, theirs: Deals and Directory act on
/// <see cref="InboxRequestAccepted"/>) or declines it. Keeps copies of pipelines (where a request may
/// wait) and users (who decided) from their modules' events.
/// </summary>
public sealed class InboxModule : IModule
{
    /// <summary>The module's name, which starts its handlers' lane names (read-your-writes waits on them).</summary>
    internal const string ModuleName = "Inbox";

    public string Name => ModuleName;

    public string Schema => "inbox";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<NewRequest>();
        services.AddScoped<LiveInbox>();
        services.AddKeyedScoped<ICrossOriginPolicy, FormCors>(FormCors.Policy);
        services.AddDataProtection();
        services.Configure<MailboxPollOptions>(configuration.GetSection(MailboxPollOptions.Section));
        services.AddSingleton<MailboxPasswords>();
        services.AddSingleton(new MailboxReader());
        services.AddSingleton<MailboxPoller>();
        services.AddScoped<MailIntake>();
    }

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        quartz.AddJob<MailboxPollJob>(job => job.WithIdentity(MailboxPollJob.Key));
        quartz.AddTrigger(trigger => trigger
            .ForJob(MailboxPollJob.Key)
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(MailboxPollJob.Tick).RepeatForever()));
    }

    public void Subscribe(EventSubscriptions subscriptions) => subscriptions
        .OnStateOf<PipelineState, CopyPipelines>()
        .OnStateOf<UserState, CopyUsers>();

    /// <summary>Copies that are new (migration 2) are filled from Pipelines' and Identity's current state, in the background.</summary>
    public Task InitializeAsync(IServiceProvider services, CancellationToken ct)
    {
        Republishing.FillNewCopy<PipelineState, CopyPipelines>(services, "inbox.pipelines");
        Republishing.FillNewCopy<UserState, CopyUsers>(services, "inbox.users");
        return Task.CompletedTask;
    }

    /// <summary>Publishes every request's current state as InboxRequestRepublished, in id order.</summary>
    public Task<int> RepublishAsync(IServiceProvider services, CancellationToken ct) =>
        Republishing.PublishAllAsync<RequestRow>(
            services,
            $"select {RequestRow.Columns} from inbox.requests r where r.id > @After order by r.id limit @Limit",
            row => row.Id,
            row => new InboxRequestRepublished(row.ToState()),
            ct);
}
