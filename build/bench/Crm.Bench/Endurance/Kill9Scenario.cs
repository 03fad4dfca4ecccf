using System.Net;
using Npgsql;

namespace Crm.Bench.Endurance;

public sealed record Kill9Round(int Round, double KilledAfterSeconds, double RestartSeconds, long Creates, long Moves, long NoAnswer);

public sealed record Kill9Report(
    EnduranceMeta Meta, EnduranceOptions Parameters, string Database, int Rounds, int Kills, long CreatesSent, long CreatesAcknowledged,
    long MovesSent, long MovesAcknowledged, CallCounts Calls, BusState Bus, DealCheck Check, Kill9Round[] RoundLog, Dictionary<string, Stats> ClientMs, string[] HostErrors)
{
    public bool Passed => Check.Ok && Bus.Ok;
}

/// <summary>
/// The host killed with SIGKILL while clients create and move deals, again and again: whatever a client was
/// answered 201 or 200 must be in the database afterwards, once, and every module's copy must agree with Deals.
/// See build/bench/README.md, section "endurance".
/// </summary>
internal static class Kill9Scenario
{
    public static async Task<Kill9Report> RunAsync(EnduranceOptions o, CancellationToken ct)
    {
        await using var run = await EnduranceRun.CreateAsync(o, "kill9", ct);
        var random = new Random(o.Seed);
        var book = new DealBook();
        var calls = new CallLog("kill9");
        var prefix = $"kill9 {run.Database} ";
        var baseAddress = new Uri($"http://127.0.0.1:{o.Port}/");
        var rounds = new List<Kill9Round>();

        var host = await run.StartHostAsync(o.Port, ct);
        var workspace = await Workspace.PrepareAsync(baseAddress, run.Db, o, "endurance kill9", ct);
        // each client's deals persist across rounds: a client moves the deals it created, in any round
        var mine = Enumerable.Range(0, o.Clients).Select(_ => new List<TrackedDeal>()).ToArray();
        for (var round = 1; round <= o.Rounds; round++)
        {
            var before = (book.CreatesAcknowledged, book.MovesAcknowledged, calls.Counts().NoAnswer);
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, o.Clients)
                .Select(c => ClientAsync(workspace, calls, book, mine[c], $"{prefix}r{round} c{c} ", o.Seed * 1000 + round * 100 + c, stop.Token, ct))
                .ToArray();
            var killAfter = TimeSpan.FromMilliseconds(1000 + random.Next(3001));
            await Task.Delay(killAfter, ct);
            var killed = host.KillAsync();
            await stop.CancelAsync();
            await killed;
            await Task.WhenAll(clients);
            var restart = System.Diagnostics.Stopwatch.StartNew();
            host = await run.StartHostAsync(o.Port, ct);
            var after = (book.CreatesAcknowledged, book.MovesAcknowledged, calls.Counts().NoAnswer);
            rounds.Add(new Kill9Round(round, Math.Round(killAfter.TotalSeconds, 2), Math.Round(restart.Elapsed.TotalSeconds, 1),
                after.CreatesAcknowledged - before.CreatesAcknowledged, after.MovesAcknowledged - before.MovesAcknowledged, after.NoAnswer - before.NoAnswer));
            Console.Error.WriteLine($"[kill9] round {round}: killed after {killAfter.TotalSeconds:0.00} s; {rounds[^1].Creates} creates and {rounds[^1].Moves} moves acknowledged, {rounds[^1].NoAnswer} calls without an answer; ready again in {restart.Elapsed.TotalSeconds:0.0} s");
        }

        // the last start delivers what the kills left behind
        var bus = await Verify.WaitForBusAsync(run.Db, TimeSpan.FromMinutes(5), ct);
        var check = await Verify.DealsAsync(run.Db, book, prefix, ct);
        await host.StopAsync();
        return new Kill9Report(run.Meta(), o.Public(), run.Database, o.Rounds, o.Rounds, book.CreatesSent, book.CreatesAcknowledged,
            book.MovesSent, book.MovesAcknowledged, calls.Counts(), bus, check, [.. rounds], calls.Latencies(), run.HostErrors());
    }

    /// <summary>Creates deals and moves some of its own (after every second create on average) until the round ends or a call gets no answer (the host is gone).</summary>
    private static async Task ClientAsync(
        Workspace w, CallLog calls, DealBook book, List<TrackedDeal> mine, string names, int seed, CancellationToken roundOver, CancellationToken ct)
    {
        var random = new Random(seed);
        using var http = Api.Client(w.BaseAddress, w.Token);
        for (var i = 0; !roundOver.IsCancellationRequested; i++)
        {
            var stage = w.Stages[random.Next(w.Stages.Length)];
            book.CreateSent();
            var created = await calls.PostAsync(http, "deal-create", "api/deals", w.NewDeal($"{names}{i}", stage), ct);
            if (created.Is(HttpStatusCode.Created))
            {
                mine.Add(book.Created(created.Body.GetProperty("id").GetGuid(), stage));
            }
            if (created.Status is null)
            {
                return; // the host is gone: this client's round is over
            }
            if (roundOver.IsCancellationRequested || mine.Count == 0 || random.Next(2) == 0)
            {
                continue;
            }
            var deal = mine[random.Next(mine.Count)];
            var target = w.OtherStage(random, deal.Current);
            var moved = await calls.PostAsync(http, "deal-move", $"api/deals/{deal.Id}/stage", new { stageId = target }, ct);
            if (moved.Status is null or HttpStatusCode.OK || (int)moved.Status >= 500)
            {
                // answered 200: acknowledged; no answer or a 5xx: it may or may not have committed
                book.Moved(deal, target, moved.Is(HttpStatusCode.OK));
            }
            if (moved.Status is null)
            {
                return;
            }
        }
    }
}
