using System.Diagnostics;

namespace Crm.Bench.Abuse;

/// <summary>
/// Sign-ins with e-mails that have no account, each from its own IP (no per-IP limit applies): every one costs a
/// password check (a dummy one, so the answer does not tell), and the hashing gate lets only some run at once and
/// queues a few more (503 beyond). Meanwhile a signed-in user's ordinary GETs go on: the burst must not take every core.
/// </summary>
internal static class UnknownEmailsScenario
{
    public const string Name = "unknown-emails";

    private const string User = "192.0.2.20";
    private static readonly TimeSpan Baseline = TimeSpan.FromSeconds(5);

    public static async Task<ScenarioReport> RunAsync(AbuseOptions o, LimitsInForce limits, CancellationToken ct)
    {
        await using var run = await AbuseRun.StartAsync(o, Name, ct);
        using var user = await Caller.SignedInAsync(run.BaseAddress, o.AdminEmail, o.AdminPassword, User, ct);
        using var bots = await Caller.OpenAsync(run.BaseAddress, ct);

        using (var warmup = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await ReadLoopAsync(user, warmup.Token);
        }
        List<Outcome> before;
        using (var quiet = new CancellationTokenSource(Baseline))
        {
            before = await ReadLoopAsync(user, quiet.Token);
        }

        using var burstOver = new CancellationTokenSource();
        var reads = ReadLoopAsync(user, burstOver.Token);
        var clock = Stopwatch.StartNew();
        var burst = await Burst.RunAsync(o.Attempts, o.Concurrency,
            (i, t) => bots.SignInAsync($"nobody-{i}@bench.local", $"Some-password-{i}", Bot(i), t), ct);
        var seconds = clock.Elapsed.TotalSeconds;
        await burstOver.CancelAsync();
        var during = await reads;

        var gets = new GetFigures(Stats.Of(before.Select(b => b.Ms)), Stats.Of(during.Select(d => d.Ms)), before.Concat(during).Count(g => g.Status != 200));
        var checkedPasswords = burst.Count(b => b.Status == 401);
        var what = $"{o.Attempts} sign-ins with unknown e-mails, each from its own IP, {o.Concurrency} at a time, while a signed-in user reads GET /api/identity/me in a loop";
        return run.Report(what, burst, seconds,
            [
                Answers.NoServerErrors(burst, gateAllowed: true),
                new Check("every GET of the signed-in user answered 200", gets.NotOk == 0,
                    gets.NotOk == 0 ? $"{before.Count + during.Count} × 200" : $"{gets.NotOk} not 200"),
            ],
            [
                $"the gate: {limits.PasswordHashingConcurrency} check(s) at once, {limits.PasswordHashingQueue} waiting; {checkedPasswords} passwords checked in {seconds:0.0} s ({checkedPasswords / seconds:0.0}/s)",
                $"GET /api/identity/me before: {Line(gets.Before)}",
                $"GET /api/identity/me during: {Line(gets.During)}",
            ],
            gets: gets);
    }

    private static string Line(Stats s) => $"{s.Count} calls, p50 {s.P50:0.0} ms, p95 {s.P95:0.0} ms, max {s.Max:0.0} ms";

    /// <summary>The user's GETs one after another until <paramref name="stop"/>.</summary>
    private static async Task<List<Outcome>> ReadLoopAsync(Caller user, CancellationToken stop)
    {
        var outcomes = new List<Outcome>();
        while (!stop.IsCancellationRequested)
        {
            outcomes.Add(await user.GetAsync("api/identity/me", User, CancellationToken.None));
        }
        return outcomes;
    }

    /// <summary>The i-th bot's address, in 198.19.0.0/16 (the other half of the benchmarks' 198.18.0.0/15).</summary>
    private static string Bot(int i) => $"198.19.{i / 250}.{i % 250 + 1}";
}
