using System.Reflection;
using Dapper;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Initialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Crm.BuildingBlocks.Data;

/// <summary>
/// Applies each schema's FluentMigrator migrations (the bus first, then the modules), under a
/// PostgreSQL advisory lock so that two instances starting together migrate once.
/// </summary>
public sealed class Migrator(NpgsqlDataSource dataSource, DatabaseSettings settings, ILogger<Migrator> logger)
{
    private const long LockKey = 7_311_000_001;

    public async Task MigrateAsync(IEnumerable<(string Schema, Assembly Migrations)> schemas, CancellationToken ct = default)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        await lockConnection.ExecuteAsync("select pg_advisory_lock(@LockKey)", new { LockKey });
        try
        {
            foreach (var (schema, assembly) in schemas)
            {
                logger.LogInformation("Migrating schema {Schema}", schema);
                MigrateSchema(schema, assembly);
            }
        }
        finally
        {
            await lockConnection.ExecuteAsync("select pg_advisory_unlock(@LockKey)", new { LockKey });
        }
    }

    /// <summary>True when every schema's latest migration is applied (for the readiness probe).</summary>
    public bool IsUpToDate(IEnumerable<(string Schema, Assembly Migrations)> schemas) =>
        schemas.All(s =>
        {
            using var provider = RunnerFor(s.Schema, s.Migrations);
            using var scope = provider.CreateScope();
            return !scope.ServiceProvider.GetRequiredService<IMigrationRunner>().HasMigrationsToApplyUp();
        });

    private void MigrateSchema(string schema, Assembly assembly)
    {
        using var provider = RunnerFor(schema, assembly);
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<IMigrationRunner>().MigrateUp();
    }

    private ServiceProvider RunnerFor(string schema, Assembly assembly) =>
        new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner => runner
                .AddPostgres()
                .WithGlobalConnectionString(settings.ConnectionString)
                .WithVersionTable(new SchemaVersionTable(schema)))
            .AddSingleton<IFilteringMigrationSource>(new InternalMigrationSource(assembly))
            .Configure<RunnerOptions>(o => o.AllowBreakingChange = false)
            .AddLogging()
            .BuildServiceProvider(validateScopes: false);
}
