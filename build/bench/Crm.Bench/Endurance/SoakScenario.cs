using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Crm.Bench.Endurance;

/// <summary>Every 10 s: the host's resident memory and the calls and 5xx so far.</summary>
public sealed record SoakSample(double Seconds, double RssMb, long Calls, long ServerErrors);

public sealed record SoakReport(
    EnduranceMeta Meta, EnduranceOptions Parameters, string Database, CallCounts Calls, double CallsPerSecond,
    double RssAfterWarmupMb, double RssEndMb, double RssMaxMb, double RssSlopeMbPerMinute, SoakSample[] Samples,
    BusState Bus, DealCheck Check, Dictionary<string, Stats> ClientMs, string[] HostErrors)
{
    public bool Passed => Calls.ServerErrors == 0 && Calls.NoAnswer == 0 && Check.Ok && Bus.Ok;
}

/// <summary>
/// One host under a mixed workload for minutes on end: does its memory stay flat, and does anything fail? See
/// build/bench/README.md, section "endurance".
/// </summary>
internal static class SoakScenario
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);

    public static async Task<SoakReport> RunAsync(EnduranceOptions o, CancellationToken ct)
    {
        await using var run = await EnduranceRun.CreateAsync(o, "soak", ct);
        var baseAddress = new Uri($"http://127.0.0.1:{o.Port}/");
        var host = await run.StartHostAsync(o.Port, ct);
        var w = await Workspace.PrepareAsync(baseAddress, run.Db, o, "endurance soak", ct);
        var callTypeId = await CallTypeAsync(w, ct);
        var calls = new CallLog("soak") { Timing = false };
        var book = new DealBook();
        var prefix = $"soak {run.Database} ";

        var duration = TimeSpan.FromMinutes(o.Minutes);
        var warmup = TimeSpan.FromMinutes(o.WarmupMinutes);
        using var over = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var samples = new List<SoakSample>();
        var sampler = Task.Run(async () =>
        {
            while (!over.IsCancellationRequested)
            {
                samples.Add(new SoakSample(Math.Round(clock.Elapsed.TotalSeconds, 1), host.RssMb(), calls.Calls, calls.ServerErrors));
                if (!calls.Timing && clock.Elapsed >= warmup)
                {
                    calls.Timing = true;
                    Console.Error.WriteLine($"[soak] warm-up over at {clock.Elapsed.TotalSeconds:0} s: {calls.Calls} calls, RSS {samples[^1].RssMb:0.0} MB");
                }
                else if (samples.Count % 6 == 1)
                {
                    Console.Error.WriteLine($"[soak] {clock.Elapsed.TotalMinutes:0.0} min: {calls.Calls} calls, {calls.ServerErrors} 5xx, RSS {samples[^1].RssMb:0.0} MB");
                }
                try
                {
                    await Task.Delay(SampleEvery, over.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }, ct);
        await Task.WhenAll(Enumerable.Range(0, o.Clients).Select(c => ClientAsync(w, calls, book, callTypeId, $"{prefix}c{c} ", o.Seed * 100 + c, over.Token, ct)));
        await sampler;
        samples.Add(new SoakSample(Math.Round(clock.Elapsed.TotalSeconds, 1), host.RssMb(), calls.Calls, calls.ServerErrors));
        var seconds = clock.Elapsed.TotalSeconds;

        var bus = await Verify.WaitForBusAsync(run.Db, TimeSpan.FromMinutes(5), ct);
        var check = await Verify.DealsAsync(run.Db, book, prefix, ct);
        var after = samples.Where(s => s.Seconds >= warmup.TotalSeconds).ToList();
        var counts = calls.Counts();
        return new SoakReport(run.Meta(), o.Public(), run.Database, counts, Math.Round(counts.Calls / seconds, 1),
            after[0].RssMb, samples[^1].RssMb, samples.Max(s => s.RssMb), Slope(after), [.. samples], bus, check, calls.Latencies(), run.HostErrors());
    }

    /// <summary>
    /// The loop of one user at work: the board and a column of it, a quick-add deal, a move, a company and a
    /// contact, a task on a deal done at once, the companies list. Each call waits for the one before.
    /// </summary>
    private static async Task ClientAsync(
        Workspace w, CallLog calls, DealBook book, Guid callTypeId, string names, int seed, CancellationToken over, CancellationToken ct)
    {
        var random = new Random(seed);
        using var http = Api.Client(w.BaseAddress, w.Token);
        var mine = new List<TrackedDeal>();
        for (var i = 0; !over.IsCancellationRequested; i++)
        {
            await calls.GetAsync(http, "board", $"api/deals/board?pipelineId={w.PipelineId}", ct);
            await calls.GetAsync(http, "board-stage", $"api/deals/board/stages/{w.Stages[random.Next(w.Stages.Length)]}", ct);

            var stage = w.Stages[random.Next(w.Stages.Length)];
            book.CreateSent();
            var created = await calls.PostAsync(http, "deal-create", "api/deals", w.NewDeal($"{names}{i}", stage), ct);
            if (created.Is(HttpStatusCode.Created))
            {
                mine.Add(book.Created(created.Body.GetProperty("id").GetGuid(), stage));
            }
            if (mine.Count > 0)
            {
                var deal = mine[random.Next(mine.Count)];
                var target = w.OtherStage(random, deal.Current);
                var moved = await calls.PostAsync(http, "deal-move", $"api/deals/{deal.Id}/stage", new { stageId = target }, ct);
                if (moved.Status is null or HttpStatusCode.OK || (int)moved.Status >= 500)
                {
                    book.Moved(deal, target, moved.Is(HttpStatusCode.OK));
                }
            }

            var company = await calls.PostAsync(http, "company-create", "api/directory/companies",
                new { name = $"ООО «{names}{i}»", confirmDuplicate = true }, ct);
            if (company.Is(HttpStatusCode.Created))
            {
                await calls.PostAsync(http, "contact-create", "api/directory/contacts",
                    new { fullName = $"Контакт {names}{i}", companyId = company.Body.GetProperty("id").GetGuid(), confirmDuplicate = true }, ct);
            }

            if (mine.Count > 0)
            {
                var task = await calls.PostAsync(http, "task-create", "api/tasks", new
                {
                    typeId = callTypeId,
                    text = $"Позвонить: {names}{i}",
                    dueAt = DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture),
                    linkKind = "deal",
                    linkId = mine[random.Next(mine.Count)].Id,
                }, ct);
                if (task.Is(HttpStatusCode.Created))
                {
                    await calls.PostAsync(http, "task-complete", $"api/tasks/{task.Body.GetProperty("id").GetGuid()}/complete",
                        new { result = "Дозвонились" }, ct);
                }
            }

            await calls.GetAsync(http, "companies-list", "api/directory/companies?page=1&pageSize=50", ct);
        }
    }

    /// <summary>The built-in type «Звонок» (code call), as GET /api/tasks/types answers it.</summary>
    internal static async Task<Guid> CallTypeAsync(Workspace w, CancellationToken ct)
    {
        using var http = Api.Client(w.BaseAddress, w.Token);
        using var response = await http.GetAsync("api/tasks/types", ct);
        await Api.EnsureAsync(response, "GET /api/tasks/types", ct);
        var types = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
        return types.EnumerateArray().Single(t => t.GetProperty("code").GetString() == "call").GetProperty("id").GetGuid();
    }

    /// <summary>The least-squares line through (minutes, MB): its slope in MB per minute.</summary>
    private static double Slope(List<SoakSample> samples)
    {
        if (samples.Count < 2)
        {
            return double.NaN;
        }
        var xs = samples.Select(s => s.Seconds / 60).ToArray();
        var ys = samples.Select(s => s.RssMb).ToArray();
        double mx = xs.Average(), my = ys.Average();
        var sxy = xs.Zip(ys, (x, y) => (x - mx) * (y - my)).Sum();
        var sxx = xs.Sum(x => (x - mx) * (x - mx));
        return Math.Round(sxy / sxx, 3);
    }
}
