using System.Net;
using Crm.BuildingBlocks.Events;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Tests.Integration.Bus;

/// <summary>
/// The bus delivers on connections of its own (<see cref="BusConnections"/>): requests that wait for a copy
/// (read-your-writes) each hold a pooled connection while they wait, and the delivery they wait for must not
/// need one of those.
/// </summary>
public sealed class BusConnectionsTests
{
    [Fact]
    public async Task Requests_waiting_for_a_copy_do_not_take_the_connections_its_delivery_needs()
    {
        const int requests = 8;
        var database = await TestDatabase.CreateAsync();
        // A pool of three for requests, fewer than the requests that will wait; nothing is delivered unless a
        // read-your-writes wait asks for it at once (no gathering end, no poll within the test).
        var connection = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionStringFor(database)) { MaxPoolSize = 3 };
        var app = new CrmApp(database, new TestClock(), new Dictionary<string, string>
        {
            ["ConnectionStrings:Crm"] = connection.ConnectionString,
            ["Bus:GatherQuiet"] = "00:10:00",
            ["Bus:GatherLimit"] = "00:10:00",
            ["Bus:PollInterval"] = "00:10:00",
        });
        await app.InitializeAsync();
        try
        {
            Assert.Equal(3, new NpgsqlConnectionStringBuilder(app.Factory.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString).MaxPoolSize);
            Assert.Equal(BusConnections.PoolSize(new BusOptions().Workers), app.Factory.Services.GetRequiredService<BusConnections>().MaxPoolSize);

            using var admin = await app.SignedInAsync();
            var (manager, userId) = await app.UserAsync();
            manager.Dispose();
            await using (var db = await app.OpenDatabaseAsync())
            {
                // the case: Directory has not taken the new user yet, so each request below waits for it
                Assert.True(await db.ExecuteScalarAsync<bool>(
                    "select exists (select 1 from bus.deliveries where aggregate_id = @userId and handler like 'Directory.%' and not dead)",
                    new { userId }));
            }

            var created = await Task.WhenAll(Enumerable.Range(1, requests).Select(i =>
                admin.PostAsync("/api/directory/companies", new { name = $"Компания нового менеджера {i}", responsibleId = userId })));

            Assert.All(created, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        }
        finally
        {
            await app.DisposeAsync();
            await TestDatabase.DropAsync(database);
        }
    }
}
