using System.Text;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tables;

/// <summary>
/// An import whose worker stops mid-way (the app shut down while a batch runs) resumes on the next start from
/// the committed progress: every row saved once, none twice.
/// </summary>
public sealed class ImportRestartTests
{
    private const int Rows = 1_000;

    [Fact]
    public async Task A_restarted_import_resumes_without_doubles()
    {
        var web = new CrmApp(new Dictionary<string, string> { ["Directory:Imports:Worker"] = "false" });
        await web.InitializeAsync();
        try
        {
            using var admin = await web.SignedInAsync();
            var tag = Guid.NewGuid().ToString("N")[..8];
            var csv = new StringBuilder("ФИО,Телефон\r\n");
            for (var i = 1; i <= Rows; i++)
            {
                csv.Append($"Рестарт {tag} {i},+7 926 {i:D7}\r\n");
            }
            var id = await admin.StartImportAsync(ImportsKit.Utf8Csv(csv.ToString()), "contacts", new { fullName = "ФИО", phone = "Телефон" });
            var workerSettings = new Dictionary<string, string> { ["Directory:Imports:BatchSize"] = "50", ["Directory:Imports:PollInterval"] = "00:00:00.200" };

            var first = new CrmApp(web.Database, web.Clock, workerSettings);
            await first.InitializeAsync();
            await UntilAsync(web, "select processed_rows >= 200 from directory.imports where id = @id", id, "some batches committed");
            await using (var holder = await web.OpenDatabaseAsync())
            {
                // The worker's next batch waits to write its refused rows, its records written and not committed: the app
                // is stopped inside that batch (a batch takes milliseconds, too fast to stop inside by timing).
                await using var hold = await holder.BeginTransactionAsync();
                await holder.ExecuteAsync("lock table directory.import_rejects in share mode", transaction: hold);
                await UntilAsync(web,
                    "select exists (select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%insert into directory.import_rejects%')",
                    id, "a batch waiting inside its transaction");
                await first.DisposeAsync(); // stops the worker: the waiting batch is cancelled and rolled back
            }

            await using var db = await web.OpenDatabaseAsync();
            var stopped = await db.QuerySingleAsync<(int Processed, int Created, string Status)>(
                "select processed_rows, created_count, status from directory.imports where id = @id", new { id });
            Assert.Equal("running", stopped.Status);
            Assert.InRange(stopped.Processed, 200, Rows - 1);
            var like = $"Рестарт {tag} %";
            Assert.Equal(stopped.Created, await db.ExecuteScalarAsync<int>("select count(*) from directory.contacts where full_name like @like", new { like }));

            web.Clock.Advance(TimeSpan.FromMinutes(5)); // the dead worker's claim has lapsed
            var second = new CrmApp(web.Database, web.Clock, workerSettings);
            await second.InitializeAsync();
            try
            {
                await UntilAsync(web, "select status = 'done' from directory.imports where id = @id", id, "the import resumed and done");
            }
            finally
            {
                await second.DisposeAsync();
            }
            Assert.Equal(Rows, await db.ExecuteScalarAsync<int>("select count(*) from directory.contacts where full_name like @like", new { like }));
            Assert.Equal(Rows, await db.ExecuteScalarAsync<int>("select count(distinct full_name) from directory.contacts where full_name like @like", new { like }));
            Assert.Equal(Rows, await db.ExecuteScalarAsync<int>("select created_count from directory.imports where id = @id", new { id }));
        }
        finally
        {
            await web.DisposeAsync();
        }
    }

    private static Task UntilAsync(CrmApp app, string sql, Guid id, string what) =>
        Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<bool>(sql, new { id });
        }, what, TimeSpan.FromSeconds(120));
}
