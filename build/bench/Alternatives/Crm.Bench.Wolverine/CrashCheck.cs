using System.Diagnostics;
using Crm.Bench.EventLag;
using Dapper;
using Npgsql;

namespace Crm.Bench.Wolverine;

/// <summary>
/// <c>crash-check</c>: does Wolverine lose or repeat a subscriber's effect when the process dies in the
/// middle of a burst? A child process runs <see cref="WolverineBus"/> and publishes OrderPlaced from
/// eight publishers; once 1,000 orders are committed and 200 handled, the child is killed (SIGKILL).
/// This process then starts the bus again on the same database and waits until Wolverine's recovery
/// has delivered every committed order (a row in bench.orders) to each of the three subscribers.
/// Sound = each committed order exactly once in each subscriber's table, nothing for an order that
/// never committed. Prints the counts, when the first recovered delivery ran (the dead node's envelopes
/// wait until Wolverine ejects it as stale) and when the last did; exit code 0 when sound.
/// </summary>
internal static class CrashCheck
{
    private const int Publishers = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var server = args.Length > 1 && args[0] == "--pg" ? args[1] : CommandLine.DefaultServer;
        var database = $"crm_bench_crash_{DateTime.UtcNow:yyyyMMdd_HHmmss}";
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        await Machine.ExecuteOnServerAsync(server, $"create database {database}", CancellationToken.None);
        try
        {
            await using var reader = NpgsqlDataSource.Create(connectionString);
            await using (var conn = await reader.OpenConnectionAsync())
            {
                await conn.ExecuteAsync(BenchTables.CreateSql);
            }

            using var child = StartChild(connectionString);
            var killedAfter = await KillMidwayAsync(child, reader);
            var atKill = await CountsAsync(reader);
            Console.WriteLine($"[crash] killed the publishing process: {atKill.Orders} orders committed, ledger/notices/audit rows {atKill.Ledger}/{atKill.Notices}/{atKill.Audit} ({killedAfter.TotalSeconds:0.0} s after start)");

            var restarted = Stopwatch.GetTimestamp();
            await using var bus = new WolverineBus();
            await bus.StartAsync(connectionString, new BoardPushes(), CancellationToken.None);
            var (done, last, firstDelivery) = await WaitForRecoveryAsync(reader, atKill, restarted, TimeSpan.FromMinutes(8));
            var recovery = Stopwatch.GetElapsedTime(restarted);
            var failures = await bus.FailuresAsync(CancellationToken.None);
            await bus.StopAsync(CancellationToken.None);

            var report = await ReportAsync(reader);
            Console.WriteLine(done
                ? $"[crash] recovered: first delivery {firstDelivery.TotalSeconds:0.0} s after the restart, every committed order in all three tables after {recovery.TotalSeconds:0.0} s"
                : $"[crash] NOT recovered after {recovery.TotalSeconds:0.0} s: {last}");
            Console.WriteLine($"[crash] {report}; dead letters {failures}");
            return done && report.Sound && failures == 0 ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Machine.ExecuteOnServerAsync(server, $"drop database if exists {database} with (force)", CancellationToken.None);
        }
    }

    /// <summary>The child: the bus and eight publishers, until it is killed.</summary>
    public static async Task<int> ChildAsync(string connectionString)
    {
        await using var bus = new WolverineBus();
        await bus.StartAsync(connectionString, new BoardPushes(), CancellationToken.None);
        Console.Error.WriteLine("[crash] child: publishing");
        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var id = Guid.CreateVersion7();
                await bus.PublishOrderPlacedAsync(id, "crash", CancellationToken.None);
            }
        })));
        return 0;
    }

    private static Process StartChild(string connectionString)
    {
        // Under `dotnet run` this is the apphost; under `dotnet Crm.Bench.Wolverine.dll` it is dotnet itself.
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var info = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(CrashCheck).Assembly.Location);
        }
        info.ArgumentList.Add("crash-child");
        info.ArgumentList.Add(connectionString);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the child");
    }

    /// <summary>Kills the child (no shutdown, no flush) once 1,000 orders are committed and 200 handled: some done, some in flight, most pending.</summary>
    private static async Task<TimeSpan> KillMidwayAsync(Process child, NpgsqlDataSource reader)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (child.HasExited)
            {
                throw new InvalidOperationException($"the child exited by itself ({child.ExitCode})");
            }
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(3))
            {
                child.Kill(entireProcessTree: true);
                throw new TimeoutException("the child published too little in 3 minutes");
            }
            var counts = await CountsAsync(reader);
            if (counts.Orders >= 1000 && counts.Ledger >= 200)
            {
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync();
                return Stopwatch.GetElapsedTime(started);
            }
            await Task.Delay(20);
        }
    }

    private static async Task<(bool Done, Counts Last, TimeSpan FirstDelivery)> WaitForRecoveryAsync(
        NpgsqlDataSource reader, Counts atKill, long restarted, TimeSpan timeout)
    {
        var orders = atKill.Orders;
        TimeSpan? firstDelivery = null;
        while (true)
        {
            var counts = await CountsAsync(reader);
            if (firstDelivery is null && counts.Ledger + counts.Notices + counts.Audit > atKill.Ledger + atKill.Notices + atKill.Audit)
            {
                firstDelivery = Stopwatch.GetElapsedTime(restarted);
            }
            if (counts.Ledger >= orders && counts.Notices >= orders && counts.Audit >= orders)
            {
                return (true, counts, firstDelivery ?? TimeSpan.Zero);
            }
            if (Stopwatch.GetElapsedTime(restarted) > timeout)
            {
                return (false, counts, firstDelivery ?? TimeSpan.Zero);
            }
            await Task.Delay(100);
        }
    }

    private sealed record Counts(long Orders, long Ledger, long Notices, long Audit);

    private static async Task<Counts> CountsAsync(NpgsqlDataSource reader)
    {
        await using var conn = await reader.OpenConnectionAsync();
        return await conn.QuerySingleAsync<Counts>("""
            select (select count(*) from bench.orders) as orders,
                   (select count(distinct order_id) from bench.ledger) as ledger,
                   (select count(distinct order_id) from bench.notices) as notices,
                   (select count(distinct order_id) from bench.audit) as audit
            """);
    }

    private sealed record Report(long Orders, long Missing, long Duplicates, long Phantoms)
    {
        public bool Sound => Missing == 0 && Duplicates == 0 && Phantoms == 0;

        public override string ToString() =>
            $"{Orders} orders committed; subscriber rows missing {Missing}, duplicated {Duplicates}, for orders never committed {Phantoms}";
    }

    private static async Task<Report> ReportAsync(NpgsqlDataSource reader)
    {
        await using var conn = await reader.OpenConnectionAsync();
        long orders = await conn.ExecuteScalarAsync<long>("select count(*) from bench.orders"), missing = 0, duplicates = 0, phantoms = 0;
        foreach (var table in BenchTables.OrderSubscriberTables)
        {
            missing += await conn.ExecuteScalarAsync<long>(
                $"select count(*) from bench.orders o where not exists (select 1 from {table} t where t.order_id = o.id)");
            duplicates += await conn.ExecuteScalarAsync<long>($"select count(*) - count(distinct order_id) from {table}");
            phantoms += await conn.ExecuteScalarAsync<long>(
                $"select count(*) from {table} t where not exists (select 1 from bench.orders o where o.id = t.order_id)");
        }
        return new Report(orders, missing, duplicates, phantoms);
    }
}
