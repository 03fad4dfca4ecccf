using System.Text;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tables;

/// <summary>
/// An import whose worker stops mid-way (the app shut down while a batch runs, its records written and not
/// committed) resumes on the next start from the committed progress: every row saved once, none twice.
/// </summary>
public sealed class ImportRestartTests
{
    private const int Rows = 1_000;

    /// <summary>The one bad row (a phone of two digits), in the 13th batch of 50: its row number is <c>Bad + 1</c>.</summary>
    private const int Bad = 601;

    [Fact]
    public async Task A_restarted_import_resumes_without_doubles()
    {
        await CrmApp.RunAsync(new Dictionary<string, string> { ["Directory:Imports:Worker"] = "false" }, async web =>
        {
            using var admin = await web.SignedInAsync();
            var tag = Guid.NewGuid().ToString("N")[..8];
            var csv = new StringBuilder("ФИО,Телефон\r\n");
            for (var i = 1; i <= Rows; i++)
            {
                csv.Append(i == Bad ? $"Рестарт {tag} {i},12\r\n" : $"Рестарт {tag} {i},+7 926 {i:D7}\r\n");
            }
            var id = await admin.StartImportAsync(ImportsKit.Utf8Csv(csv.ToString()), "contacts", new { fullName = "ФИО", phone = "Телефон" });
            var workerSettings = new Dictionary<string, string> { ["Directory:Imports:BatchSize"] = "50", ["Directory:Imports:PollInterval"] = "00:00:00.200" };

            await using var db = await web.OpenDatabaseAsync();
            await using (var holder = await web.OpenDatabaseAsync())
            {
                // The test's own uncommitted report row for the bad row: the batch holding that row writes its records,
                // then waits at its report row for this transaction. The app is stopped there, inside the batch (a batch
                // takes milliseconds: too fast to stop inside one by timing).
                await using var hold = await holder.BeginTransactionAsync();
                await holder.ExecuteAsync(
                    "insert into directory.import_rejects (import_id, row_number, reason, cells) values (@id, @Row, 'held', '[]')",
                    new { id, Row = Bad + 1 }, hold);
                var first = new CrmApp(web.Database, web.Clock, workerSettings);
                await first.InitializeAsync();
                await UntilAsync(web,
                    "select exists (select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%insert into directory.import_rejects%')",
                    id, "the batch of the bad row waiting inside its transaction");
                await first.DisposeAsync(); // stops the worker: the waiting batch is cancelled and rolled back
            }

            var stopped = await db.QuerySingleAsync<(int Processed, int Created, string Status)>(
                "select processed_rows, created_count, status from directory.imports where id = @id", new { id });
            Assert.Equal(("running", Bad - 1, Bad - 1), (stopped.Status, stopped.Processed, stopped.Created));
            var like = $"Рестарт {tag} %";
            Assert.Equal(Bad - 1, await db.ExecuteScalarAsync<int>("select count(*) from directory.contacts where full_name like @like", new { like }));

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
            Assert.Equal(Rows - 1, await db.ExecuteScalarAsync<int>("select count(*) from directory.contacts where full_name like @like", new { like }));
            Assert.Equal(Rows - 1, await db.ExecuteScalarAsync<int>("select count(distinct full_name) from directory.contacts where full_name like @like", new { like }));
            Assert.Equal((Rows - 1, 1), await db.QuerySingleAsync<(int, int)>("select created_count, rejected_count from directory.imports where id = @id", new { id }));
            Assert.Equal([Bad + 1], await db.QueryAsync<int>("select row_number from directory.import_rejects where import_id = @id", new { id }));
        });
    }

    private static Task UntilAsync(CrmApp app, string sql, Guid id, string what) =>
        Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<bool>(sql, new { id });
        }, what, TimeSpan.FromSeconds(120));
}
