using Crm.BuildingBlocks.Data;
using Crm.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Tests.Integration.Host;

/// <summary>
/// The instance's pool stays well below PostgreSQL's connection limit: 30 unless configured
/// (bench inbox: with Npgsql's 100, a burst of 100 accepts took every server connection and others got 503).
/// Its statements are prepared once they have run twice on a connection, unless turned off (bench inbox: parsing
/// and planning were most of the database's CPU).
/// </summary>
public sealed class ConnectionPoolTests
{
    [Theory]
    [InlineData(null, null, ConnectionPool.DefaultMaxSize)]
    [InlineData("12", null, 12)]
    [InlineData("12", 7, 7)]
    public async Task The_pool_is_30_unless_the_settings_or_the_connection_string_say_otherwise(string? setting, int? inConnectionString, int expected)
    {
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
