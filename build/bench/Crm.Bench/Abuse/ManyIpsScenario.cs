using System.Diagnostics;

namespace Crm.Bench.Abuse;

/// <summary>
/// Many IPs, one wrong guess each, all at the admin: no IP reaches its free failures, so the account's ceiling
/// (failures a minute from all IPs together) closes it for the minute, but not to an IP that signed in to it before.
/// </summary>
internal static class ManyIpsScenario
{
    public const string Name = "many-ips";

    private const string Office = "192.0.2.10";
    private const string Newcomer = "192.0.2.78";

    public static async Task<ScenarioReport> RunAsync(AbuseOptions o, LimitsInForce limits, CancellationToken ct)
    {
        await using var run = await AbuseRun.StartAsync(o, Name, ct);
        using (await Caller.SignedInAsync(run.BaseAddress, o.AdminEmail, o.AdminPassword, Office, ct))
        {
            // the office IP is now trusted for this account
        }
        using var bots = await Caller.OpenAsync(run.BaseAddress, ct);

        var clock = Stopwatch.StartNew();
        var burst = await Burst.RunAsync(o.Attempts, o.Concurrency,
            (i, t) => bots.SignInAsync(o.AdminEmail, $"Wrong-password-{i}", Bot(i), t), ct);
        var seconds = clock.Elapsed.TotalSeconds;

        using var office = await Caller.OpenAsync(run.BaseAddress, ct);
        var trusted = await office.SignInAsync(o.AdminEmail, o.AdminPassword, Office, ct);
        var sinceBurst = clock.Elapsed.TotalSeconds;
        using var newcomer = await Caller.OpenAsync(run.BaseAddress, ct);
        var stranger = await newcomer.SignInAsync(o.AdminEmail, o.AdminPassword, Newcomer, ct);
        var recorded = await OneIpScenario.FailuresAsync(run.ConnectionString, o.AdminEmail, ct);

        var what = $"{o.Attempts} wrong sign-ins to the admin, each from its own IP, {o.Concurrency} at a time; then the admin from an IP that signed in before";
        return run.Report(what, burst, seconds,
            [
                Answers.NoServerErrors(burst, gateAllowed: false),
                new Check("the admin signs in from a trusted IP after the burst", trusted.Status == 200,
                    $"{trusted.Label}{OneIpScenario.RetryAfter(trusted)} at {sinceBurst:0.0} s after the burst began"),
            ],
            [
                $"passwords checked (401): {burst.Count(b => b.Status == 401)}, failures recorded: {recorded}; the ceiling is {limits.SignInAccountFailuresPerMinute} a minute from all IPs",
                $"the right password from an IP never seen before, after the burst: {stranger.Label}{OneIpScenario.RetryAfter(stranger)} (by design closed until the minute ends)",
            ]);
    }

    /// <summary>The i-th bot's address, in 198.18.0.0/15 (set aside for benchmarks).</summary>
    internal static string Bot(int i) => $"198.18.{i / 250}.{i % 250 + 1}";
}
