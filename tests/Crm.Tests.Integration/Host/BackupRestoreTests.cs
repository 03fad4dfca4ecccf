using System.Diagnostics;
using System.Net;
using Crm.Tests.Integration.Infrastructure;
using Npgsql;

namespace Crm.Tests.Integration.Host;

/// <summary>
/// build/backup.sh and build/restore.sh as an operator runs them: records made through the API are
/// backed up from the live database, restored into a fresh one, and the app started on that copy
/// reads them back (deals, their company, a user who signs in). restore.sh refuses a non-empty
/// database unless told --force.
/// </summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private readonly CrmApp app = new();
    private readonly string dumpDirectory = System.IO.Directory.CreateTempSubdirectory("crm-backup-").FullName;
    private readonly string restored = $"crm_t_{Guid.NewGuid():N}";

    public Task InitializeAsync() => app.InitializeAsync();

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await TestDatabase.DropAsync(restored);
        System.IO.Directory.Delete(dumpDirectory, recursive: true);
    }

    [Fact]
    public async Task A_backup_restored_into_a_fresh_database_serves_the_same_records()
    {
        using var admin = await app.SignedInAsync();
        var pipelines = await (await admin.GetAsync("/api/pipelines")).JsonAsync(HttpStatusCode.OK);
        var pipeline = pipelines.EnumerateArray().First();
        var stage = pipeline.GetProperty("stages").EnumerateArray().First(s => s.GetProperty("kind").GetString() == "open");
        var company = await (await admin.PostAsync("/api/directory/companies", new { name = "ООО Резервная копия" })).JsonAsync(HttpStatusCode.Created);
        var companyId = company.GetProperty("id").GetGuid();
        var deals = new List<Guid>();
        foreach (var name in new[] { "Сделка до копии 1", "Сделка до копии 2" })
        {
            var deal = await (await admin.PostAsync("/api/deals", new
            {
                pipelineId = pipeline.GetProperty("id").GetGuid(),
                stageId = stage.GetProperty("id").GetGuid(),
                name,
                budget = 150000,
                companyId,
            })).JsonAsync(HttpStatusCode.Created);
            deals.Add(deal.GetProperty("id").GetGuid());
        }
        await (await admin.PostAsync("/api/identity/users",
            new { email = "restored@crm.local", displayName = "Восстановленный", role = "Manager", password = "restored-password" }))
            .JsonAsync(HttpStatusCode.Created);

        var dump = Path.Combine(dumpDirectory, "crm.dump");
        var backup = await RunAsync("backup.sh", app.Database, dump);
        Assert.True(backup.ExitCode == 0, backup.Output);
        Assert.Contains(dump, backup.Output, StringComparison.Ordinal);
        Assert.True(new FileInfo(dump).Length > 0);

        var restore = await RunAsync("restore.sh", app.Database, "--db", restored, dump);
        Assert.True(restore.ExitCode == 0, restore.Output);
        Assert.Contains($"database {restored}", restore.Output, StringComparison.Ordinal);

        var copy = new CrmApp(restored, new TestClock(), new Dictionary<string, string>());
        try
        {
            await copy.InitializeAsync();
            using var reader = await copy.SignedInAsync();
            foreach (var id in deals)
            {
                var deal = await (await reader.GetAsync($"/api/deals/{id}")).JsonAsync(HttpStatusCode.OK);
                Assert.StartsWith("Сделка до копии", deal.GetProperty("name").GetString(), StringComparison.Ordinal);
                Assert.Equal(companyId, deal.GetProperty("companyId").GetGuid());
                Assert.Equal(150000m, deal.GetProperty("budget").GetDecimal());
            }
            var readBack = await (await reader.GetAsync($"/api/directory/companies/{companyId}")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal("ООО Резервная копия", readBack.GetProperty("name").GetString());
            using var manager = copy.Client();
            (await manager.SignInAsync("restored@crm.local", "restored-password")).EnsureSuccessStatusCode();
            var me = await (await manager.GetAsync("/api/identity/me")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal("Восстановленный", me.GetProperty("displayName").GetString());
        }
        finally
        {
            await copy.DisposeAsync();
        }
    }

    [Fact]
    public async Task Restore_refuses_a_database_with_tables_unless_forced()
    {
        var dump = Path.Combine(dumpDirectory, "crm.dump");
        Assert.Equal(0, (await RunAsync("backup.sh", app.Database, dump)).ExitCode);

        var refused = await RunAsync("restore.sh", app.Database, dump); // into the live database itself
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("not empty", refused.Output, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Output, StringComparison.Ordinal);

        var notADump = Path.Combine(dumpDirectory, "notes.txt");
        await File.WriteAllTextAsync(notADump, "not a dump");
        Assert.NotEqual(0, (await RunAsync("restore.sh", app.Database, "--db", restored, notADump)).ExitCode);

        Assert.Equal(0, (await RunAsync("restore.sh", app.Database, "--db", restored, dump)).ExitCode);
        await using (var db = await TestDatabase.OpenAsync(restored))
        {
            await using var marker = new NpgsqlCommand("create table public.marker (id int)", db);
            await marker.ExecuteNonQueryAsync();
        }
        Assert.NotEqual(0, (await RunAsync("restore.sh", app.Database, "--db", restored, dump)).ExitCode);
        var forced = await RunAsync("restore.sh", app.Database, "--db", restored, "--force", dump);
        Assert.True(forced.ExitCode == 0, forced.Output);
        NpgsqlConnection.ClearAllPools(); // the pooled connections to the dropped database are gone
        await using var restoredDb = await TestDatabase.OpenAsync(restored);
        await using var count = new NpgsqlCommand("select count(*) from pg_tables where schemaname = 'public' and tablename = 'marker'", restoredDb);
        Assert.Equal(0L, await count.ExecuteScalarAsync()); // a fresh database, not the old one with the backup on top
    }

    /// <summary>Runs build/&lt;script&gt; with bash against the test PostgreSQL (PG* variables), as an operator would.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string script, string database, params string[] args)
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "build", script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("ConnectionStrings__Crm");
        start.Environment["PGHOST"] = server.Host;
        start.Environment["PGPORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = server.Username;
        start.Environment["PGPASSWORD"] = server.Password ?? "";
        start.Environment["PGDATABASE"] = database;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crm.Modular.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Crm.Modular.sln above {AppContext.BaseDirectory}.");
    }
}
