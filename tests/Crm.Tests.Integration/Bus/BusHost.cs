using Crm.BuildingBlocks;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Crm.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Tests.Integration.Bus;

/// <summary>One app instance running only the building blocks and the test module, on a given database.</summary>
internal sealed class BusHost : IAsyncDisposable
{
    public static readonly ModuleCatalog Catalog = new([new BusTestModule()]);

    private readonly IHost host;
    private readonly bool started;

    private BusHost(IHost host, bool started)
    {
        this.host = host;
        this.started = started;
    }

    public IServiceProvider Services => host.Services;

    public EventDelivery Delivery => host.Services.GetRequiredService<EventDelivery>();

    /// <summary>
    /// An instance on the database. <paramref name="start"/> false builds it without starting it: it
    /// can publish, but delivers nothing (an instance that dies right after its commits).
    /// </summary>
    public static async Task<BusHost> StartAsync(
        string database, TimeSpan? pollInterval = null, int maxAttempts = 5, bool start = true, TimeSpan? gatherQuiet = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crm"] = TestDatabase.ConnectionStringFor(database),
            ["Bus:PollInterval"] = (pollInterval ?? TimeSpan.FromMilliseconds(100)).ToString(),
            ["Bus:RetryBaseDelay"] = "00:00:00.100",
            ["Bus:RetryMaxDelay"] = "00:00:00.500",
            ["Bus:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bus:CatchUpTimeout"] = "00:00:10",
            ["Bus:GatherQuiet"] = gatherQuiet?.ToString(),
            ["Bus:GatherLimit"] = gatherQuiet is null ? null : (2 * gatherQuiet.Value).ToString(),
        });
        builder.Services.AddBuildingBlocks(builder.Configuration, Catalog);
        var host = builder.Build();
        if (start)
        {
            await host.StartAsync();
        }
        return new BusHost(host, start);
    }

    /// <summary>Publishes in one committed transaction, as a command does; returns the event ids.</summary>
    public async Task<Guid[]> PublishAsync(params ParcelShipped[] events)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        await db.BeginAsync();
        foreach (var e in events)
        {
            await scope.ServiceProvider.GetRequiredService<IEventPublisher>().PublishAsync(e);
        }
        await db.CommitAsync();
        return [.. events.Select(e => e.Id)];
    }

    public async Task<Guid> PublishAsync(ParcelShipped e) => (await PublishAsync([e]))[0];

    public async ValueTask DisposeAsync()
    {
        if (started)
        {
            await host.StopAsync();
        }
        host.Dispose();
    }
}
