using System.Net;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Npgsql;

namespace Crm.Tests.Integration.Host;

/// <summary>
/// When the database cannot serve a request (an outage, a statement cut off by the statement
/// timeout), the app answers 503 with Retry-After and a problem, not 500; and serves again when the
/// database is back. The app reaches the real PostgreSQL through a relay the test can cut.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime, IDisposable
{
    private TcpCutter relay = null!;
    private CrmApp app = null!;

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString);
        relay = new TcpCutter(server.Host!, server.Port);
        var viaRelay = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionStringFor(database)) { Host = "127.0.0.1", Port = relay.Port };
        app = new CrmApp(database, new TestClock(), new Dictionary<string, string>
        {
            ["ConnectionStrings:Crm"] = viaRelay.ConnectionString,
            ["Database:CommandTimeout"] = "2",
        });
        await app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await TestDatabase.DropAsync(app.Database);
    }

    public void Dispose() => relay.Dispose();

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
    }

    [Fact]
    public async Task An_outage_answers_503_with_retry_after_and_the_app_serves_again_when_the_database_is_back()
    {
        var client = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/directory/companies")).StatusCode);

        relay.Cut();
        await AssertUnavailableAsync(await client.GetAsync("/api/directory/companies"));
        await AssertUnavailableAsync(await client.PostAsync("/api/directory/companies", new { name = "During the outage" }));

        relay.Restore();
        await Eventually.TrueAsync(
            async () => (await client.GetAsync("/api/directory/companies")).StatusCode == HttpStatusCode.OK, "the list answers again");
    }

    [Fact]
    public async Task A_statement_cut_off_by_the_statement_timeout_answers_503()
    {
        var client = await app.SignedInAsync();
        await using var db = await app.OpenDatabaseAsync();
        await using (var tx = await db.BeginTransactionAsync())
        {
            // the list waits for this lock longer than Database:CommandTimeout allows
            await db.ExecuteAsync("lock table directory.companies in access exclusive mode", transaction: tx);
            await AssertUnavailableAsync(await client.GetAsync("/api/directory/companies"));
            await tx.RollbackAsync();
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/directory/companies")).StatusCode);
    }
}
