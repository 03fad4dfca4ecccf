using Crm.BuildingBlocks;
using Crm.BuildingBlocks.Data;
using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Crm.Host.Health;

/// <summary>Ready when the database answers and every schema's migrations are applied.</summary>
internal sealed class DatabaseReadyCheck(NpgsqlDataSource dataSource, Migrator migrator) : IHealthCheck
{
    private volatile bool migrated;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
            await conn.ExecuteScalarAsync<int>("select 1");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
        // Migrations only change at start-up: once up to date, stay so.
        migrated = migrated || migrator.IsUpToDate(BuildingBlocksServices.Schemas(Modules.Catalog()));
        return migrated ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Migrations are not applied.");
    }
}
