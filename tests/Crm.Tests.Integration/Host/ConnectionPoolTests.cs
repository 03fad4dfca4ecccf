using Crm.BuildingBlocks.Data;
using Crm.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Tests.Integration.Host;

/// <summary>
/// The instance's pool stays well below PostgreSQL's connection limit: 30 unless configured
/// (bench inbox: with Npgsql's 100, a burst of 100 accepts took every server connection and others got 503).
/// </summary>
public sealed class ConnectionPoolTests
{
    [Theory]
    [InlineData(null, null, ConnectionPool.DefaultMaxSize)]
    [InlineData("12", null, 12)]
    [InlineData("12", 7, 7)]
    public async Task The_pool_is_30_unless_the_settings_or_the_connection_string_say_otherwise(string? setting, int? inConnectionString, int expected)
    {
        var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string>();
        if (setting is not null)
        {
            settings["Database:MaxPoolSize"] = setting;
        }
        // The tests' own connection strings set a pool size: this one says nothing unless the case does.
        var connection = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionStringFor(database));
        connection.Remove("Maximum Pool Size");
        if (inConnectionString is { } size)
        {
            connection.MaxPoolSize = size;
        }
        settings["ConnectionStrings:Crm"] = connection.ConnectionString;
        var app = new CrmApp(database, new TestClock(), settings);
        await app.InitializeAsync();
        try
        {
            var dataSource = app.Factory.Services.GetRequiredService<NpgsqlDataSource>();
            Assert.Equal(expected, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize);
        }
        finally
        {
            await app.DisposeAsync();
            await TestDatabase.DropAsync(database);
        }
    }
}
