using System.Net;
using System.Net.Http.Json;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Host;

/// <summary>
/// Sign-in attempts sent at once from one IP to one account (found by build/bench/abuse.sh one-ip): each must be
/// counted before the next is judged, or they all pass the check before any is recorded, the IP gets as many guesses
/// as it sends at once, and one IP alone trips the account's ceiling and keeps its owner out at a new IP.
/// </summary>
public sealed class ConcurrentSignInTests : IAsyncLifetime
{
    private const int FreeFailures = 3;
    private const string OwnerPassword = "Owner-password-1";

    private CrmApp app = null!;

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync();
        app = new CrmApp(database, new TestClock(), new Dictionary<string, string>
        {
            ["ForwardedHeaders:KnownProxies"] = "127.0.0.1",
            ["AbuseLimits:PasswordHashingConcurrency"] = "1",
            ["AbuseLimits:SignInFreeFailures"] = FreeFailures.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AbuseLimits:SignInAccountFailuresPerMinute"] = "6",
        });
        await app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await TestDatabase.DropAsync(app.Database);
    }

    [Fact]
    public async Task Guesses_sent_at_once_from_one_ip_get_only_the_free_failures_and_leave_the_owner_alone()
    {
        using (var admin = From("192.0.2.1"))
        {
            (await admin.SignInAsync(CrmApp.AdminEmail, CrmApp.AdminPassword)).EnsureSuccessStatusCode();
            await (await admin.PostAsync("/api/identity/users", new { email = "owner@crm.local", displayName = "Owner", role = "Manager", password = OwnerPassword }))
                .JsonAsync(HttpStatusCode.Created);
        }

        var answers = new List<HttpStatusCode>();
        for (var wave = 0; wave < FreeFailures + 1; wave++)
        {
            var guessers = Enumerable.Range(0, 8).Select(_ => From("203.0.113.9")).ToArray();
            foreach (var guesser in guessers)
            {
                await guesser.GetAsync("/api/identity/me"); // the XSRF cookie, so that the guesses leave together
            }
            var responses = await Task.WhenAll(guessers.Select((g, i) =>
                g.Http.PostAsJsonAsync("/api/identity/sign-in", new { email = "owner@crm.local", password = $"Guess-{wave}-{i}" })));
            answers.AddRange(responses.Select(r => r.StatusCode));
            foreach (var guesser in guessers)
            {
                guesser.Dispose();
            }
        }

        Assert.Equal(FreeFailures, answers.Count(a => a == HttpStatusCode.Unauthorized));
        Assert.All(answers, a => Assert.Contains(a, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        using var owner = From("192.0.2.99"); // never signed in before
        await (await owner.SignInAsync("owner@crm.local", OwnerPassword)).JsonAsync(HttpStatusCode.OK);
    }

    private CrmClient From(string ip)
    {
        var client = app.Client();
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", ip);
        return client;
    }
}
