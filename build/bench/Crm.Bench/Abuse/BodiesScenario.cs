using System.Diagnostics;
using System.Text;

namespace Crm.Bench.Abuse;

/// <summary>
/// Anonymous sign-ins with a password of tens of megabytes, all at once: the body limit for a caller who is not signed in
/// (16 KB) must refuse each with 413 without reading it, so the host's memory does not grow by the bodies. Once with the
/// length declared (refused from the header), once chunked (cut off as it passes the limit).
/// </summary>
internal static class BodiesScenario
{
    public const string Name = "bodies";

    public static async Task<ScenarioReport> RunAsync(AbuseOptions o, CancellationToken ct)
    {
        await using var run = await AbuseRun.StartAsync(o, Name, ct);
        using var caller = await Caller.OpenAsync(run.BaseAddress, ct);
        var body = Encoding.ASCII.GetBytes($$"""{"email":"bodies@bench.local","password":"{{new string('p', o.BodyMegabytes * 1024 * 1024)}}"}""");

        using var rss = new RssSampler(run.Host);
        var before = run.Host.RssMb();
        var clock = Stopwatch.StartNew();
        var declared = await Burst.RunAsync(o.Bodies, o.Bodies,
            (i, t) => RawPost.SendAsync(run.BaseAddress, "/api/identity/sign-in", caller, $"198.51.100.{i + 1}", body, chunked: false, t), ct);
        var chunked = await Burst.RunAsync(o.Bodies, o.Bodies,
            (i, t) => RawPost.SendAsync(run.BaseAddress, "/api/identity/sign-in", caller, $"198.51.100.{o.Bodies + i + 1}", body, chunked: true, t), ct);
        var seconds = clock.Elapsed.TotalSeconds;
        var figures = await rss.StopAsync(before, run.Host.RssMb());

        Outcome[] all = [.. declared, .. chunked];
        var what = $"{o.Bodies} anonymous sign-ins at once, each with a {o.BodyMegabytes} MB password, the length declared; then {o.Bodies} more chunked";
        return run.Report(what, all, seconds,
            [
                Answers.NoServerErrors(all, gateAllowed: false),
                Every413("every declared body refused with 413", declared),
                Every413("every chunked body refused with 413", chunked),
            ],
            [
                $"declared length: {Answers.Text(Answers.Of(declared))}; client ms p50 {Stats.Of(declared.Select(d => d.Ms)).P50:0}, max {Stats.Of(declared.Select(d => d.Ms)).Max:0}",
                $"chunked: {Answers.Text(Answers.Of(chunked))}; client ms p50 {Stats.Of(chunked.Select(d => d.Ms)).P50:0}, max {Stats.Of(chunked.Select(d => d.Ms)).Max:0}",
                $"host RSS: before {figures.Before:0.0} MB, when all were answered {figures.After:0.0} MB, max {figures.Max:0.0} MB ({figures.Samples} samples); the bodies together: {2 * o.Bodies * body.Length / 1048576.0:0} MB",
            ],
            rss: figures);
    }

    private static Check Every413(string what, Outcome[] outcomes)
    {
        var other = outcomes.Where(o => o.Status != 413).ToArray();
        return new Check(what, other.Length == 0, other.Length == 0
            ? $"{outcomes.Length} × 413"
            : $"{other.Length} of {outcomes.Length} not 413, the first: {other[0].Label} {Answers.Shorten(other[0].Error)}");
    }
}

/// <summary>The host's VmRSS every 20 ms from its start until stopped.</summary>
internal sealed class RssSampler : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task<List<double>> sampling;

    public RssSampler(HostProcess host) => sampling = Task.Run(async () =>
    {
        var samples = new List<double>();
        while (!stop.IsCancellationRequested)
        {
            samples.Add(host.RssMb());
            try
            {
                await Task.Delay(20, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return samples;
    });

    public async Task<RssFigures> StopAsync(double before, double after)
    {
        await stop.CancelAsync();
        var samples = await sampling;
        return new RssFigures(before, after, Math.Max(samples.DefaultIfEmpty(after).Max(), Math.Max(before, after)), samples.Count);
    }

    public void Dispose() => stop.Dispose();
}
