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
    public const string AdminPassword = "Admin12345!";

    private readonly bool ownsDatabase = true;
    private readonly IReadOnlyDictionary<string, string> settings = new Dictionary<string, string>();
    private WebApplicationFactory<Program>? factory;

    public CrmApp()
    {
    }

    /// <summary>Another instance of the app on an existing database (two instances behind one load balancer), with extra settings.</summary>
    internal CrmApp(string database, TestClock clock, IReadOnlyDictionary<string, string> settings)
    {
        Database = database;
        Clock = clock;
        ownsDatabase = false;
        this.settings = settings;
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
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
            web.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        });
        _ = factory.Server; // start now: migrations and seeding run here, not in the first test
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
