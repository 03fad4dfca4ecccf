using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Realtime;
using Crm.BuildingBlocks.Security;
using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Crm.BuildingBlocks;

public static class BuildingBlocksServices
{
    /// <summary>The schema of the event bus tables, migrated before the modules'.</summary>
    public const string BusSchema = "bus";

    /// <summary>Registers the data session, event bus, errors and current user, then each module.</summary>
    public static IServiceCollection AddBuildingBlocks(this IServiceCollection services, IConfiguration configuration, ModuleCatalog catalog)
    {
        var connectionString = configuration.GetConnectionString("Crm")
            ?? throw new InvalidOperationException("ConnectionStrings:Crm is not configured.");
        DapperTypes.Register();
        services.AddSingleton(catalog);
        services.AddSingleton(new DatabaseSettings(connectionString));
        var statementTimeout = StatementTimeout.Seconds(configuration);
        NpgsqlDataSourceBuilder DataSource()
        {
            var builder = StatementTimeout.Apply(new NpgsqlDataSourceBuilder(connectionString), statementTimeout);
            ConnectionPool.Apply(builder, configuration, connectionString);
            PreparedStatements.Apply(builder, configuration, connectionString);
            return builder;
        }
        services.AddSingleton(_ => DataSource().Build());
        // The bus's own pool (BusConnections): its size follows the workers, whatever the requests' pool is.
        services.AddSingleton(provider =>
        {
            var builder = DataSource();
            builder.ConnectionStringBuilder.MaxPoolSize = BusConnections.PoolSize(provider.GetRequiredService<IOptions<BusOptions>>().Value.Workers);
            builder.ConnectionStringBuilder.MinPoolSize = 0;
            return new BusConnections(builder.Build());
        });
        services.AddScoped<DbSession>();
        services.AddHostedService<PoolWarmUp>();
        services.AddSingleton<Migrator>();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Several instances behind a load balancer share their hub messages through Redis (off unless configured).
        var signalR = services.AddSignalR();
        if (configuration["SignalR:Redis"] is { Length: > 0 } redis)
        {
            var prefix = configuration["SignalR:RedisChannelPrefix"] is { Length: > 0 } p ? p : "crm";
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal(prefix));
        }
        services.AddSingleton<IRealtime, HubRealtime>();

        services.Configure<BusOptions>(configuration.GetSection("Bus"));
        services.AddMetrics();
        services.AddSingleton<BusMetrics>();
        services.AddSingleton<EventDelivery>();
        services.AddSingleton(provider =>
        {
            var bus = provider.GetRequiredService<IOptions<BusOptions>>().Value;
            return new HandlerLanes(provider.GetRequiredService<EventRegistry>().HandlerNames, bus.GatherQuiet, bus.GatherLimit);
        });
        services.AddSingleton<LegacyPendingEvents>();
        services.AddSingleton<EventCatchUp>();
        services.AddSingleton<DeadDeliveries>();
        services.AddScoped<IEventPublisher, OutboxPublisher>();
        services.AddHostedService<DeliveryWorkers>();
        services.AddSingleton<CopyFills>();
        services.AddHostedService(provider => provider.GetRequiredService<CopyFills>());

        var subscriptions = new List<EventSubscription>();
        foreach (var module in catalog.Modules)
        {
            module.AddServices(services, configuration);
            module.Subscribe(new EventSubscriptions(services, module.Name, subscriptions));
            services.AddValidatorsFromAssembly(module.GetType().Assembly, ServiceLifetime.Scoped, includeInternalTypes: true);
        }
        services.AddSingleton(new EventRegistry(subscriptions));

        services.AddQuartz(quartz =>
        {
            quartz.AddJob<OutboxCleanupJob>(job => job.WithIdentity(OutboxCleanupJob.Key));
            quartz.AddTrigger(trigger => trigger
                .ForJob(OutboxCleanupJob.Key)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(6)).RepeatForever()));
            foreach (var module in catalog.Modules)
            {
                module.AddJobs(quartz, configuration);
            }
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>Every schema to migrate, the bus first.</summary>
    public static IEnumerable<(string Schema, System.Reflection.Assembly Migrations)> Schemas(ModuleCatalog catalog) =>
        catalog.Modules
            .Select(m => (m.Schema, m.GetType().Assembly))
            .Prepend((BusSchema, typeof(BuildingBlocksServices).Assembly));
}
