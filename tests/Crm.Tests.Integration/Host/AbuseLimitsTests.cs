using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Crm.BuildingBlocks.Web;
using Crm.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Host;

/// <summary>
/// The abuse limits with low numbers, behind a trusted proxy (127.0.0.1, as every test request comes
/// from) whose X-Forwarded-For names the client, so each test plays its own IPs: the sign-in's rate
/// per IP, the delay per (e-mail, IP) that grows and stops nobody else, the ceiling per account that
/// spares the IPs it knows, API tokens per user, the password hashing gate, and body limits (413).
/// Waits are read from the answers (429 and Retry-After), never slept.
/// </summary>
public sealed class AbuseLimitsTests : IAsyncLifetime
{
    private const int SignInsPerMinute = 12;
    private const string VictimPassword = "Victim-password-1";

    private CrmApp app = null!;

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync();
        app = new CrmApp(database, new TestClock(), new Dictionary<string, string>
        {
            ["ForwardedHeaders:KnownProxies"] = "127.0.0.1",
            ["AbuseLimits:SignInPerMinute"] = SignInsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AbuseLimits:ApiTokensPerHour"] = "2",
            ["AbuseLimits:PasswordHashingConcurrency"] = "1",
            ["AbuseLimits:PasswordHashingQueue"] = "0",
            ["AbuseLimits:SignInFreeFailures"] = "3",
            ["AbuseLimits:SignInFirstDelay"] = "00:00:10",
            ["AbuseLimits:SignInMaxDelay"] = "00:00:40",
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
    public async Task Sign_ins_from_one_ip_past_the_limit_get_429_with_retry_after_and_other_ips_do_not()
    {
        using var flood = From("203.0.113.1");
        for (var i = 0; i < SignInsPerMinute; i++)
        {
            // a new e-mail each time, so only the rate limit can refuse
            await (await flood.SignInAsync($"guess{i}@crm.local", "Wrong-password-1")).ProblemAsync(HttpStatusCode.Unauthorized);
        }
        var refused = await flood.SignInAsync("guess-last@crm.local", "Wrong-password-1");
        var problem = await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("Слишком много попыток", problem.GetProperty("title").GetString());
        var retryAfter = RetryAfter(refused);
        Assert.InRange(retryAfter, 1, 60);

        using var other = From("203.0.113.2");
        await (await other.SignInAsync(CrmApp.AdminEmail, CrmApp.AdminPassword)).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_outsiders_failures_make_only_the_outsider_wait_longer_and_longer()
    {
        await CreateUserAsync("victim@crm.local", VictimPassword);
        using var outsider = From("198.51.100.7");
        for (var i = 0; i < 3; i++)
        {
            await (await outsider.SignInAsync("victim@crm.local", "Not-the-password-1")).ProblemAsync(HttpStatusCode.Unauthorized);
        }
        // Past the free failures the outsider waits, even with the right password: it is not checked.
        var waiting = await outsider.SignInAsync("victim@crm.local", VictimPassword);
        await waiting.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(RetryAfter(waiting), 9, 10);

        // The user, from their own IP, signs in as ever.
        using var user = From("192.0.2.10");
        await (await user.SignInAsync("victim@crm.local", VictimPassword)).JsonAsync(HttpStatusCode.OK);

        // Each further failure after the wait doubles it, up to the ceiling of 40 s.
        foreach (var expected in new[] { 20, 40, 40 })
        {
            app.Clock.Advance(TimeSpan.FromSeconds(41));
            await (await outsider.SignInAsync("victim@crm.local", "Not-the-password-1")).ProblemAsync(HttpStatusCode.Unauthorized);
            var next = await outsider.SignInAsync("victim@crm.local", "Not-the-password-1");
            await next.ProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.InRange(RetryAfter(next), expected - 1, expected);
        }
        using var userAgain = From("192.0.2.10");
        await (await userAgain.SignInAsync("victim@crm.local", VictimPassword)).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_success_starts_the_count_of_free_failures_again()
    {
        await CreateUserAsync("careless@crm.local", VictimPassword);
        using var client = From("192.0.2.15");
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 2; i++)
            {
                await (await client.SignInAsync("careless@crm.local", "Not-the-password-1")).ProblemAsync(HttpStatusCode.Unauthorized);
            }
            await (await client.SignInAsync("careless@crm.local", VictimPassword)).JsonAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Failures_from_many_ips_close_the_account_for_a_minute_except_to_ips_that_signed_in_before()
    {
        await CreateUserAsync("target@crm.local", VictimPassword);
        using (var office = From("192.0.2.20"))
        {
            await (await office.SignInAsync("target@crm.local", VictimPassword)).JsonAsync(HttpStatusCode.OK);
        }
        for (var i = 0; i < 6; i++)
        {
            using var bot = From($"198.51.100.{100 + i}");
            await (await bot.SignInAsync("target@crm.local", "Not-the-password-1")).ProblemAsync(HttpStatusCode.Unauthorized);
        }
        using var newcomer = From("198.51.100.200");
        var closed = await newcomer.SignInAsync("target@crm.local", VictimPassword);
        await closed.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(RetryAfter(closed), 1, 60);

        using var officeAgain = From("192.0.2.20");
        await (await officeAgain.SignInAsync("target@crm.local", VictimPassword)).JsonAsync(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        using var later = From("198.51.100.200");
        await (await later.SignInAsync("target@crm.local", VictimPassword)).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Api_tokens_past_the_limit_per_user_get_429()
    {
        await CreateUserAsync("tokens@crm.local", VictimPassword);
        using var owner = From("192.0.2.30");
        (await owner.SignInAsync("tokens@crm.local", VictimPassword)).EnsureSuccessStatusCode();
        for (var i = 0; i < 2; i++)
        {
            await (await owner.PostAsync("/api/identity/me/tokens", new { name = $"script {i}" })).JsonAsync(HttpStatusCode.Created);
        }
        var refused = await owner.PostAsync("/api/identity/me/tokens", new { name = "one too many" });
        await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(RetryAfter(refused), 1, 3600);

        // Per user: another user at the same IP is not affected.
        using var admin = From("192.0.2.30");
        (await admin.SignInAsync(CrmApp.AdminEmail, CrmApp.AdminPassword)).EnsureSuccessStatusCode();
        await (await admin.PostAsync("/api/identity/me/tokens", new { name = "admin's" })).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Password_checks_beyond_the_hashing_gate_get_503_with_retry_after()
    {
        using var client = From("192.0.2.40");
        var gate = app.Factory.Services.GetRequiredService<PasswordHashingGate>();
        using (await gate.EnterAsync(CancellationToken.None))
        {
            var busy = await client.SignInAsync(CrmApp.AdminEmail, CrmApp.AdminPassword);
            await busy.ProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal(1, RetryAfter(busy));
        }
        await (await client.SignInAsync(CrmApp.AdminEmail, CrmApp.AdminPassword)).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_anonymous_body_over_16_KB_is_413_whether_its_length_is_declared_or_not()
    {
        using var client = From("192.0.2.50");
        await client.GetAsync("/api/identity/me"); // the XSRF cookie
        var password = new string('p', (int)BodyLimits.Anonymous);
        var declared = await client.Http.PostAsJsonAsync("/api/identity/sign-in", new { email = "a@crm.local", password });
        var problem = await declared.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("Слишком большой запрос", problem.GetProperty("title").GetString());

        var streamed = await client.Http.PostAsync("/api/identity/sign-in",
            new UnknownLengthContent(Encoding.UTF8.GetBytes($$"""{"email":"a@crm.local","password":"{{password}}"}""")));
        await streamed.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        // just under the limit: read, and refused by the rules (too long a password), not by size
        var under = await client.Http.PostAsJsonAsync("/api/identity/sign-in", new { email = "a@crm.local", password = new string('p', 15_000) });
        await under.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_signed_in_body_over_1_MB_is_413_and_the_ics_import_takes_a_1_MB_file()
    {
        using var client = From("192.0.2.60");
        (await client.SignInAsync(CrmApp.AdminEmail, CrmApp.AdminPassword)).EnsureSuccessStatusCode();
        var tooBig = await client.PutAsync("/api/identity/me/settings",
            new { language = "ru", timeZone = new string('z', (int)BodyLimits.Api), reminderLeadMinutes = 30 });
        await tooBig.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        var streamed = await client.Http.PutAsync("/api/identity/me/settings",
            new UnknownLengthContent(Encoding.UTF8.GetBytes($$"""{"language":"ru","timeZone":"{{new string('z', (int)BodyLimits.Api)}}"}""")));
        await streamed.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        // more than 16 KB is fine when signed in
        var bigButAllowed = await client.PutAsync("/api/identity/me/settings",
            new { language = "ru", timeZone = new string('z', 100_000), reminderLeadMinutes = 30 });
        await bigButAllowed.ProblemAsync(HttpStatusCode.BadRequest);

        // The import's own limit: a file just over 1 MB reaches the slice (its 400 names the file) ...
        var justOver = await client.Http.PostAsync("/api/tasks/import", IcsFile(ImportTasksMaxFile + 1));
        Assert.NotEmpty((await justOver.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("file"));
        // ... a request well past the file's size never does.
        await (await client.Http.PostAsync("/api/tasks/import", IcsFile(2 * ImportTasksMaxFile))).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    private const int ImportTasksMaxFile = 1024 * 1024;

    private static int RetryAfter(HttpResponseMessage response) =>
        int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A browser-like client whose requests the proxy says come from <paramref name="ip"/>.</summary>
    private CrmClient From(string ip)
    {
        var client = app.Client();
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", ip);
        return client;
    }

    private async Task CreateUserAsync(string email, string password)
    {
        using var admin = From("192.0.2.1");
        (await admin.SignInAsync(CrmApp.AdminEmail, CrmApp.AdminPassword)).EnsureSuccessStatusCode();
        await (await admin.PostAsync("/api/identity/users", new { email, displayName = email, role = "Manager", password }))
            .JsonAsync(HttpStatusCode.Created);
    }

    private static MultipartFormDataContent IcsFile(int bytes)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(new string('x', bytes)));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/calendar");
        return new MultipartFormDataContent { { file, "file", "import.ics" } };
    }

    /// <summary>A JSON body sent without Content-Length (chunked), as a client that streams would.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] bytes;

        public UnknownLengthContent(byte[] bytes)
        {
            this.bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
