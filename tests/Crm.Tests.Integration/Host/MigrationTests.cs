using System.Diagnostics;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Host;

/// <summary>Migrations per schema, each with its own history; safe to run twice and from two instances at once.</summary>
public sealed class MigrationTests : IAsyncLifetime
{
    private static readonly string[] Schemas = ["bus", "identity", "pipelines", "deals", "directory", "tasks", "inbox", "messaging"];
    private string database = "";

    public async Task InitializeAsync() => database = await TestDatabase.CreateEmptyAsync();

    public Task DisposeAsync() => TestDatabase.DropAsync(database);

    [Fact]
    public async Task Two_instances_migrating_at_once_and_a_second_run_leave_one_history_per_schema()
    {
        var connectionString = TestDatabase.ConnectionStringFor(database);
        await Task.WhenAll(
            TestDatabase.MigrateAsync(connectionString, Crm.Host.Modules.Catalog()),
            TestDatabase.MigrateAsync(connectionString, Crm.Host.Modules.Catalog()));
        await TestDatabase.MigrateAsync(connectionString, Crm.Host.Modules.Catalog());

        await using var db = await TestDatabase.OpenAsync(database);
        foreach (var schema in Schemas)
        {
            var applied = await db.ExecuteScalarAsync<int>($"select count(*) from {schema}.version_info where version = 1");
            Assert.Equal(1, applied);
        }
        Assert.False(await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from information_schema.tables where table_schema = 'public')"));
    }

    [Fact]
    public async Task The_migrate_command_migrates_seeds_the_first_admin_and_exits()
    {
        var hostDll = Path.Combine(AppContext.BaseDirectory, "Crm.Host.dll");
        var start = new ProcessStartInfo("dotnet", [hostDll, "migrate"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Crm"] = TestDatabase.ConnectionStringFor(database),
                ["CRM_ADMIN_EMAIL"] = "first@crm.local",
                ["CRM_ADMIN_PASSWORD"] = "first-admin-password",
                ["Logging__Console__FormatterName"] = "simple",
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"migrate exited {process.ExitCode}: {await output}{await errors}");

        await using var db = await TestDatabase.OpenAsync(database);
        var admins = await db.QueryAsync<string>("select email from identity.users where role = 'Admin'");
        Assert.Equal(["first@crm.local"], admins);
        foreach (var schema in Schemas)
        {
            Assert.True(await db.ExecuteScalarAsync<bool>(
                "select exists (select 1 from information_schema.tables where table_schema = @schema and table_name = 'version_info')", new { schema }));
        }
    }
}
