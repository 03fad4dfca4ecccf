using Crm.BuildingBlocks.Data;
using Crm.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Tests.Integration.Host;

/// <summary>
/// The instance's pool stays well below PostgreSQL's connection limit: four per core, 10 to 30, unless configured
/// (bench inbox: with Npgsql's 100, a burst of 100 accepts took every server connection and others got 503; on two
/// cores, 10 answered a burst sooner than 30).
/// Its statements are prepared once they have run twice on a connection, unless turned off (bench inbox: parsing
/// and planning were most of the database's CPU). A connection goes back to the pool without Npgsql's reset round
/// (bench inbox: seven statements at each reuse, two reuses an accept).
/// </summary>
public sealed class ConnectionPoolTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 10)]
    [InlineData(3, 12)]
    [InlineData(4, 16)]
    [InlineData(7, 28)]
    [InlineData(8, 30)]
    [InlineData(64, 30)]
    public void The_default_pool_is_four_connections_a_core_from_10_to_30(int processors, int expected) =>
        Assert.Equal(expected, ConnectionPool.DefaultMaxSize(processors));

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("12", null, 12)]
    [InlineData("12", 7, 7)]
    public async Task The_pool_is_the_default_unless_the_settings_or_the_connection_string_say_otherwise(string? setting, int? inConnectionString, int? given)
    {
        var expected = given ?? ConnectionPool.DefaultMaxSize(Environment.ProcessorCount);
        var used = await DataSourceAsync("Database:MaxPoolSize", setting, b =>
        {
            // The tests' own connection strings set a pool size: this one says nothing unless the case does.
            b.Remove("Maximum Pool Size");
            if (inConnectionString is { } size)
            {
                b.MaxPoolSize = size;
            }
        });
        Assert.Equal(expected, used.MaxPoolSize);
    }

    [Theory]
    [InlineData(null, null, PreparedStatements.DefaultMaxAutoPrepare)]
    [InlineData("0", null, 0)]
    [InlineData("50", 20, 20)]
    public async Task Statements_are_prepared_after_two_runs_unless_the_settings_or_the_connection_string_say_otherwise(
        string? setting, int? inConnectionString, int expected)
    {
        var used = await DataSourceAsync("Database:AutoPrepare", setting, b =>
        {
            b.Remove("Max Auto Prepare");
            if (inConnectionString is { } size)
            {
                b.MaxAutoPrepare = size;
            }
        });
        Assert.Equal(expected, used.MaxAutoPrepare);
        Assert.Equal(PreparedStatements.MinUsages, used.AutoPrepareMinUsages);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(false, false)]
    public async Task Connections_go_back_to_the_pool_without_a_reset_unless_the_connection_string_says_otherwise(bool? inConnectionString, bool expected)
    {
        var used = await DataSourceAsync("Database:Unused", null, b =>
        {
            b.Remove("No Reset On Close");
            if (inConnectionString is { } noReset)
            {
                b.NoResetOnClose = noReset;
            }
        });
        Assert.Equal(expected, used.NoResetOnClose);
    }

    [Theory]
    [InlineData(null, null, 0)]
    [InlineData("4", null, 4)]
    [InlineData("4", 2, 2)]
    [InlineData("50", null, null)] // never more than the pool's maximum
    public async Task The_pool_keeps_no_connections_open_unless_the_settings_or_the_connection_string_say_otherwise(string? setting, int? inConnectionString, int? given)
    {
        var expected = given ?? ConnectionPool.DefaultMaxSize(Environment.ProcessorCount);
        var used = await DataSourceAsync("Database:MinPoolSize", setting, b =>
        {
            b.Remove("Maximum Pool Size");
            b.Remove("Minimum Pool Size");
            if (inConnectionString is { } size)
            {
                b.MinPoolSize = size;
            }
        });
        Assert.Equal(expected, used.MinPoolSize);
    }

    [Fact]
    public async Task The_pools_kept_connections_are_open_before_the_first_request()
    {
        const int kept = 20; // more than the app opens by itself at its start (the bus, the jobs)
        var database = await TestDatabase.CreateAsync();
        var connection = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionStringFor(database));
        connection.Remove("Minimum Pool Size");
        var app = new CrmApp(database, new TestClock(), new Dictionary<string, string>
        {
            ["ConnectionStrings:Crm"] = connection.ConnectionString,
            ["Database:MinPoolSize"] = kept.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await app.InitializeAsync();
        try
        {
            await using var admin = new NpgsqlConnection(TestDatabase.ConnectionStringFor("postgres"));
            await admin.OpenAsync();
            await using var count = new NpgsqlCommand("select count(*) from pg_stat_activity where datname = @database", admin);
            count.Parameters.AddWithValue("database", database);
            Assert.True((long)(await count.ExecuteScalarAsync())! >= kept);
        }
        finally
        {
            await app.DisposeAsync();
            await TestDatabase.DropAsync(database);
        }
    }

    /// <summary>The app's data source, started with <paramref name="key"/> set to <paramref name="setting"/> and its connection string as <paramref name="shape"/> leaves it.</summary>
    private static async Task<NpgsqlConnectionStringBuilder> DataSourceAsync(string key, string? setting, Action<NpgsqlConnectionStringBuilder> shape)
    {
        var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string>();
        if (setting is not null)
        {
            settings[key] = setting;
        }
        var connection = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionStringFor(database));
        shape(connection);
        settings["ConnectionStrings:Crm"] = connection.ConnectionString;
        var app = new CrmApp(database, new TestClock(), settings);
        await app.InitializeAsync();
        try
        {
            return new NpgsqlConnectionStringBuilder(app.Factory.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
        }
        finally
        {
            await app.DisposeAsync();
            await TestDatabase.DropAsync(database);
        }
    }
}
