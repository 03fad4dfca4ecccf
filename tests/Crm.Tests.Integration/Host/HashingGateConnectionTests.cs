using System.Net;
using System.Net.Http.Json;
using Crm.BuildingBlocks.Web;
using Crm.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Tests.Integration.Host;

/// <summary>
/// Sign-ins queued at the password hashing gate hold no database connection (found by build/bench/abuse.sh
/// unknown-emails at 100 at a time: each took its transaction before the gate, so a queue as long as the
/// connection pool held the whole pool, and PostgreSQL ran out of connections). Here the pool is small and the
/// gate is held shut: every sign-in must reach the gate's queue, and another user's read must still get a
/// connection while they wait.
/// </summary>
public sealed class HashingGateConnectionTests : IAsyncLifetime
{
    private const int PoolSize = 5;
    private const int SignIns = 3 * PoolSize;

    private CrmApp app = null!;

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionStringFor(database))
        {
            MaxPoolSize = PoolSize,
            Timeout = 3, // seconds a request waits for a pooled connection
        }.ConnectionString;
        app = new CrmApp(database, new TestClock(), new Dictionary<string, string>
        {
            ["ConnectionStrings:Crm"] = connectionString,
            ["ForwardedHeaders:KnownProxies"] = "127.0.0.1",
            ["AbuseLimits:PasswordHashingConcurrency"] = "1",
        });
        await app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await TestDatabase.DropAsync(app.Database);
    }

    [Fact]
    public async Task Sign_ins_waiting_for_the_hashing_gate_hold_no_connection_and_others_still_read()
    {
        using var reader = From("192.0.2.1");
        (await reader.SignInAsync(CrmApp.AdminEmail, CrmApp.AdminPassword)).EnsureSuccessStatusCode();
        var guessers = Enumerable.Range(1, SignIns).Select(i => From($"198.18.0.{i}")).ToArray();
        foreach (var guesser in guessers)
        {
            await guesser.GetAsync("/api/identity/me"); // the XSRF cookie
        }

        var gate = app.Factory.Services.GetRequiredService<PasswordHashingGate>();
        Task<HttpResponseMessage>[] signIns;
        using (await gate.EnterAsync(CancellationToken.None))
        {
            signIns = guessers.Select((g, i) => g.Http.PostAsJsonAsync("/api/identity/sign-in", new { email = $"nobody-{i}@crm.local", password = "Wrong-password-1" })).ToArray();
            await Eventually.TrueAsync(() => Task.FromResult(gate.Waiting == SignIns),
                $"all {SignIns} sign-ins queued at the gate (a pool of {PoolSize} lets fewer through when each holds a connection while it waits)");
            var me = await reader.GetAsync("/api/identity/me");
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        var answers = await Task.WhenAll(signIns);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        foreach (var guesser in guessers)
        {
            guesser.Dispose();
        }
    }

    private CrmClient From(string ip)
    {
        var client = app.Client();
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", ip);
        return client;
    }
}
