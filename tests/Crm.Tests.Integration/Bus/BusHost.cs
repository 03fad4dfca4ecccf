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

    private BusHost(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public EventDelivery Delivery => host.Services.GetRequiredService<EventDelivery>();

    public static async Task<BusHost> StartAsync(string database, TimeSpan? pollInterval = null, int maxAttempts = 5)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crm"] = TestDatabase.ConnectionStringFor(database),
            ["Bus:PollInterval"] = (pollInterval ?? TimeSpan.FromMilliseconds(100)).ToString(),
            ["Bus:RetryBaseDelay"] = "00:00:00.100",
            ["Bus:RetryMaxDelay"] = "00:00:00.500",
            ["Bus:ClaimDuration"] = "00:00:02",
            ["Bus:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddBuildingBlocks(builder.Configuration, Catalog);
        var host = builder.Build();
        await host.StartAsync();
        return new BusHost(host);
    }

    /// <summary>Publishes in a committed transaction; <paramref name="dispatch"/> false is a crash right after the commit.</summary>
    public async Task<Guid> PublishAsync(ParcelShipped e, bool dispatch = true)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        await db.BeginAsync();
        await scope.ServiceProvider.GetRequiredService<IEventPublisher>().PublishAsync(e);
        var ids = await db.CommitAsync();
        if (dispatch)
        {
            host.Services.GetRequiredService<OutboxSignal>().Committed(ids);
        }
        return e.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
