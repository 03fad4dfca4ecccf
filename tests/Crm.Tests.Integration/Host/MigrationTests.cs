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
        var (code, text) = await RunHostAsync("migrate");
        Assert.True(code == 0, $"migrate exited {code}: {text}");

        await using var db = await TestDatabase.OpenAsync(database);
        var admins = await db.QueryAsync<string>("select email from identity.users where role = 'Admin'");
        Assert.Equal(["first@crm.local"], admins);
        foreach (var schema in Schemas)
        {
            Assert.True(await db.ExecuteScalarAsync<bool>(
                "select exists (select 1 from information_schema.tables where table_schema = @schema and table_name = 'version_info')", new { schema }));
        }
    }

    [Fact]
    public async Task The_republish_command_writes_the_modules_records_as_events_for_every_subscriber()
    {
        var (code, text) = await RunHostAsync("migrate");
        Assert.True(code == 0, text);
        await using var db = await TestDatabase.OpenAsync(database);
        var deals = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var stage = await db.ExecuteScalarAsync<Guid>("select id from deals.stages order by position limit 1");
        var pipeline = await db.ExecuteScalarAsync<Guid>("select pipeline_id from deals.stages where id = @stage", new { stage });
        var admin = await db.ExecuteScalarAsync<Guid>("select id from identity.users limit 1");
        for (var i = 0; i < deals.Length; i++)
        {
            await db.ExecuteAsync(
                """
                insert into deals.deals (id, number, name, pipeline_id, stage_id, responsible_id, created_by, created_at, updated_at, stage_entered_at)
                values (@id, @number, 'Было до модуля', @pipeline, @stage, @admin, @admin, now(), now(), now())
                """,
                new { id = deals[i], number = 1000 + i, pipeline, stage, admin });
        }

        (code, text) = await RunHostAsync("republish", "deals");
        Assert.True(code == 0, text);
        Assert.Contains("Deals: 2 events published", text, StringComparison.Ordinal);
        // Each deal at least once: Messaging's copy of deals, new and empty, is also filled when the host starts.
        var republished = (await db.QueryAsync<Guid>(
            "select distinct aggregate_id from bus.outbox where event_type = 'Crm.Modules.Deals.Contracts.DealRepublished'")).Order().ToArray();
        Assert.Equal(deals.Order().ToArray(), republished);
        Assert.Equal(
            await db.ExecuteScalarAsync<int>("select count(*) from bus.outbox where event_type = 'Crm.Modules.Deals.Contracts.DealRepublished'"),
            await db.ExecuteScalarAsync<int>(
                "select count(*) from bus.deliveries where event_type = 'Crm.Modules.Deals.Contracts.DealRepublished' and handler like 'Tasks.%'"));

        (code, text) = await RunHostAsync("republish", "nosuchmodule");
        Assert.Equal(2, code);
        Assert.Contains("No module named 'nosuchmodule'", text, StringComparison.Ordinal);
    }

    /// <summary>Runs the published host as ops would, on this test's database; its exit code and output.</summary>
    private async Task<(int Code, string Output)> RunHostAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Crm.Host.dll"), .. arguments])
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
        return (process.ExitCode, await output + await errors);
    }
}
