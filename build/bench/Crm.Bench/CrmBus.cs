using System.Globalization;
using Crm.BuildingBlocks;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Crm.Bench.EventLag;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Bench;

/// <summary>
/// Our bus as the app runs it: <c>AddBuildingBlocks</c> in a generic host (delivery workers, NOTIFY
/// wake-up, the poll, <see cref="BusOptions"/> at their defaults) with <see cref="BenchModule"/>.
/// A publish is a command as <c>TransactionBehavior</c> runs one.
/// </summary>
internal sealed class CrmBus : IBusUnderTest
{
    private static readonly ModuleCatalog Catalog = new([new BenchModule()]);
    private IHost? host;

    public string Name => "crm-bus";

    public string Description { get; private set; } = "our bus (backend/BuildingBlocks/Crm.BuildingBlocks/Events)";

    public async Task StartAsync(string connectionString, BoardPushes pushes, CancellationToken ct)
    {
        await using (var migrationSource = NpgsqlDataSource.Create(connectionString))
        {
            var migrator = new Migrator(migrationSource, new DatabaseSettings(connectionString), NullLogger<Migrator>.Instance);
            await migrator.MigrateAsync(BuildingBlocksServices.Schemas(Catalog), ct);
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Crm"] = connectionString });
        builder.Services.AddBuildingBlocks(builder.Configuration, Catalog);
        builder.Services.AddSingleton(pushes);
        host = builder.Build();
        await host.StartAsync(ct);
        var bus = host.Services.GetRequiredService<IOptions<BusOptions>>().Value;
        Description = string.Create(CultureInfo.InvariantCulture,
            $"our bus: a delivery row per event and subscriber, {bus.Workers} workers, batches of {bus.BatchSize}, NOTIFY wake-up, poll every {bus.PollInterval.TotalSeconds:0.#} s");
    }

    public Task PublishOrderPlacedAsync(Guid orderId, string phase, CancellationToken ct) =>
        CommandAsync(BenchTables.InsertOrderSql, orderId, phase, new BenchOrderPlaced(orderId, phase), ct);

    public Task PublishDealMovedAsync(Guid moveId, string phase, CancellationToken ct) =>
        CommandAsync(BenchTables.InsertMoveSql, moveId, phase, new BenchDealMoved(moveId, phase), ct);

    /// <summary>A command as the app runs one (see TransactionBehavior): begin, change, publish, commit.</summary>
    private async Task CommandAsync(string sql, Guid id, string phase, IntegrationEvent e, CancellationToken ct)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var publisher = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
        await db.BeginAsync(ct);
        try
        {
            var conn = await db.ConnectionAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition(sql, new { Id = id, Phase = phase }, cancellationToken: ct));
            await publisher.PublishAsync(e, ct);
            await db.CommitAsync(ct);
        }
        catch
        {
            await db.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    public async Task<long> FailuresAsync(CancellationToken ct)
    {
        await using var scope = Services.CreateAsyncScope();
        var conn = await scope.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from bus.failures", cancellationToken: ct));
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (host is not null)
        {
            await host.StopAsync(ct);
        }
    }

    public ValueTask DisposeAsync()
    {
        host?.Dispose();
        host = null;
        return ValueTask.CompletedTask;
    }

    private IServiceProvider Services => host?.Services ?? throw new InvalidOperationException("The bus is not started.");
}
