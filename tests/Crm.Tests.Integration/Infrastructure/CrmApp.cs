using Crm.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Crm.Tests.Integration.Infrastructure;

/// <summary>
/// The real host (all modules, real HTTP pipeline) on its own database, shared by the tests of
/// one class. The first admin is seeded from the same settings build/run.sh uses.
/// </summary>
public sealed class CrmApp : IAsyncLifetime
{
    public const string AdminEmail = "admin@crm.local";
    public const string AdminPassword = "Change-me-admin-1";

    /// <summary>
    /// Abuse limits no test trips by accident: every test client is one IP, and the tests sign in and
    /// fail to far more than a person would. Settings of the host (AbuseLimitsTests) go over these.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> GenerousLimits = new Dictionary<string, string>
    {
        ["AbuseLimits:SignInPerMinute"] = "100000",
        ["AbuseLimits:ApiTokensPerHour"] = "100000",
        ["AbuseLimits:PublicFormPerMinute"] = "100000",
        ["AbuseLimits:PasswordHashingQueue"] = "1000",
        ["AbuseLimits:SignInFreeFailures"] = "1000",
        ["AbuseLimits:SignInAccountFailuresPerMinute"] = "100000",
    };

    /// <summary>
    /// The app's public address (<c>App:PublicUrl</c>), set as production sets it: the test server's own,
    /// where the test clients reach it. Settings of the host (HubOriginTests, EdgesTests) go over it.
    /// </summary>
    public const string PublicUrl = "http://localhost";

    private readonly bool ownsDatabase = true;
    private readonly bool waitUntilReady = true;
    private readonly IReadOnlyDictionary<string, string> settings = new Dictionary<string, string>();
    private WebApplicationFactory<Program>? factory;

    public CrmApp()
    {
    }

    /// <summary>The app on its own new database, with extra settings.</summary>
    internal CrmApp(IReadOnlyDictionary<string, string> settings) => this.settings = settings;

    /// <summary>A test run against the app started on its own new database with extra settings, stopped after it.</summary>
    internal static async Task RunAsync(IReadOnlyDictionary<string, string> settings, Func<CrmApp, Task> test)
    {
        var app = new CrmApp(settings);
        await app.InitializeAsync();
        try
        {
            await test(app);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// Another instance of the app on an existing database (two instances behind one load balancer), with extra settings;
    /// <paramref name="waitUntilReady"/> false returns as soon as it listens, before the new copies are filled.
    /// </summary>
    internal CrmApp(string database, TestClock clock, IReadOnlyDictionary<string, string> settings, bool waitUntilReady = true)
    {
        Database = database;
        Clock = clock;
        ownsDatabase = false;
        this.settings = settings;
        this.waitUntilReady = waitUntilReady;
    }

    public string Database { get; private set; } = "";

    public TestClock Clock { get; } = new();

    internal WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        if (ownsDatabase)
        {
            Database = await TestDatabase.CreateAsync();
        }
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Crm", TestDatabase.ConnectionStringFor(Database));
            web.UseSetting("CRM_ADMIN_EMAIL", AdminEmail);
            web.UseSetting("CRM_ADMIN_PASSWORD", AdminPassword);
            web.UseSetting("Bus:PollInterval", "00:00:00.200");
            web.UseSetting("Logging:Console:FormatterName", "simple");
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            web.UseSetting("App:PublicUrl", PublicUrl);
            foreach (var (key, value) in GenerousLimits.Where(l => !settings.ContainsKey(l.Key)).Concat(settings))
            {
                web.UseSetting(key, value);
            }
            web.ConfigureTestServices(services =>
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
                services.AddSingleton<IStartupFilter, LoopbackConnection>();
            });
        });
        _ = factory.Server; // start now: migrations and seeding run here, not in the first test
        if (waitUntilReady)
        {
            // As a load balancer waits for /health/ready: the new copies a start fills in the background are filled.
            // A fill that keeps failing is retried for ever: fail the fixture instead of hanging the run.
            await factory.Services.GetRequiredService<CopyFills>().WhenIdleAsync().WaitAsync(TimeSpan.FromMinutes(3));
        }
    }

    /// <summary>A browser-like client: keeps cookies and echoes the XSRF token as Angular does.</summary>
    public CrmClient Client() => new(Factory.CreateDefaultClient(new BrowserHandler()));

    /// <summary>A client that signs in first.</summary>
    public async Task<CrmClient> SignedInAsync(string email = AdminEmail, string password = AdminPassword)
    {
        var client = Client();
        var response = await client.SignInAsync(email, password);
        response.EnsureSuccessStatusCode();
        return client;
    }

    public Task<NpgsqlConnection> OpenDatabaseAsync() => TestDatabase.OpenAsync(Database);

    public async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
        if (ownsDatabase)
        {
            await TestDatabase.DropAsync(Database);
        }
    }
}

/// <summary>
/// The test server leaves the connection's address empty; Kestrel would give the peer's. Requests come
/// from 127.0.0.1 here, as from a proxy on the same machine, so the forwarded headers of a host that
/// trusts it (AbuseLimitsTests) name the client.
/// </summary>
internal sealed class LoopbackConnection : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
    };
}
