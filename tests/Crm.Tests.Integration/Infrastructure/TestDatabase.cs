using Crm.BuildingBlocks;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Modules;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Crm.Tests.Integration.Infrastructure;

/// <summary>
/// A real PostgreSQL database per test class, cloned from a template that is migrated once per
/// test run (build/test.sh starts the server and sets CRM_TEST_PG).
/// </summary>
public static class TestDatabase
{
    private const string TemplateName = "crm_test_template";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool templateReady;

    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("CRM_TEST_PG") ?? "Host=127.0.0.1;Port=55433;Username=postgres";

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, Pooling = true, MaxPoolSize = 30 }.ConnectionString;

    /// <summary>Creates a fresh, fully migrated database and returns its name.</summary>
    public static async Task<string> CreateAsync()
    {
        await EnsureTemplateAsync();
        var name = $"crm_t_{Guid.NewGuid():N}";
        await using var admin = await OpenServerAsync();
        // Cloning needs the template to be unused; a clone of it in progress counts as use.
        await Gate.WaitAsync();
        try
        {
            await admin.ExecuteAsync($"create database {name} template {TemplateName}");
        }
        finally
        {
            Gate.Release();
        }
        return name;
    }

    /// <summary>Creates an empty database (no schemas): for tests of migrations themselves.</summary>
    public static async Task<string> CreateEmptyAsync()
    {
        await EnsureTemplateAsync();
        var name = $"crm_t_{Guid.NewGuid():N}";
        await using var admin = await OpenServerAsync();
        await admin.ExecuteAsync($"create database {name}");
        return name;
    }

    public static async Task DropAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = await OpenServerAsync();
        await admin.ExecuteAsync($"drop database if exists {name} with (force)");
    }

    private static async Task EnsureTemplateAsync()
    {
        if (templateReady)
        {
            return;
        }
        await Gate.WaitAsync();
        try
        {
            if (templateReady)
            {
                return;
            }
            await using (var admin = await OpenServerAsync())
            {
                // Leftovers of an earlier, interrupted run.
                var stale = await admin.QueryAsync<string>(
                    "select datname from pg_database where datname like 'crm\\_t\\_%' or datname = @TemplateName", new { TemplateName });
                foreach (var db in stale)
                {
                    await admin.ExecuteAsync($"drop database if exists {db} with (force)");
                }
                await admin.ExecuteAsync($"create database {TemplateName}");
            }
            await MigrateAsync(ConnectionStringFor(TemplateName), Crm.Host.Modules.Catalog());
            NpgsqlConnection.ClearAllPools();
            templateReady = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task MigrateAsync(string connectionString, ModuleCatalog catalog)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var migrator = new Migrator(dataSource, new DatabaseSettings(connectionString), NullLogger<Migrator>.Instance);
        await migrator.MigrateAsync(BuildingBlocksServices.Schemas(catalog));
    }

    public static async Task<NpgsqlConnection> OpenAsync(string database)
    {
        var conn = new NpgsqlConnection(ConnectionStringFor(database));
        await conn.OpenAsync();
        return conn;
    }

    private static async Task<NpgsqlConnection> OpenServerAsync()
    {
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }
}
