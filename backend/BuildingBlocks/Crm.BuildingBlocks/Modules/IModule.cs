using Crm.BuildingBlocks.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Crm.BuildingBlocks.Modules;

/// <summary>
/// What a module gives the host. The host lists its modules explicitly and asks each for its
/// services, schema (migrations), event subscriptions and jobs; endpoints are the module's
/// Carter modules, found in its own assembly.
/// </summary>
public interface IModule
{
    /// <summary>Display name, e.g. "Deals".</summary>
    string Name { get; }

    /// <summary>The PostgreSQL schema the module owns; its SQL names no other.</summary>
    string Schema { get; }

    void AddServices(IServiceCollection services, IConfiguration configuration) { }

    void Subscribe(EventSubscriptions subscriptions) { }

    /// <summary>The module's Quartz jobs and triggers; a schedule may come from the configuration.</summary>
    void AddJobs(IQuartzBuilder quartz, IConfiguration configuration) { }

    /// <summary>Runs once at start-up after all migrations (e.g. seeding); must be idempotent.</summary>
    Task InitializeAsync(IServiceProvider services, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Publishes the current state of every record the module owns as "...Republished" events, for a
    /// module added later or a copy being rebuilt (<c>Crm.Host republish &lt;module&gt;</c>). Subscribers
    /// take them through the same upsert-if-newer path as any other event, so a copy that is already
    /// current changes nothing. Returns how many events were published. See <see cref="Republishing"/>.
    /// </summary>
    Task<int> RepublishAsync(IServiceProvider services, CancellationToken ct) => Task.FromResult(0);
}
