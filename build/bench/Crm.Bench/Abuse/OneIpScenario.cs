using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Crm.Bench.Abuse;

/// <summary>
/// One IP guessing one account's password, many guesses at once: past the free failures that IP waits (429), and the
/// per-IP rate limit caps its requests. The account is never locked: its owner, from another IP that never signed in
/// before, signs in at the end.
/// </summary>
internal static class OneIpScenario
{
    public const string Name = "one-ip";

    private const string Attacker = "203.0.113.7";
    private const string Owner = "192.0.2.77";

    public static async Task<ScenarioReport> RunAsync(AbuseOptions o, LimitsInForce limits, CancellationToken ct)
    {
        await using var run = await AbuseRun.StartAsync(o, Name, ct);
        using var attacker = await Caller.OpenAsync(run.BaseAddress, ct);

        var clock = Stopwatch.StartNew();
        var burst = await Burst.RunAsync(o.Attempts, o.Concurrency,
            (i, t) => attacker.SignInAsync(o.AdminEmail, $"Wrong-password-{i}", Attacker, t), ct);
        var seconds = clock.Elapsed.TotalSeconds;

        using var owner = await Caller.OpenAsync(run.BaseAddress, ct);
        var ownerSignIn = await owner.SignInAsync(o.AdminEmail, o.AdminPassword, Owner, ct);
        var sinceBurst = clock.Elapsed.TotalSeconds;
        var attackerRight = await attacker.SignInAsync(o.AdminEmail, o.AdminPassword, Attacker, ct);
        var recorded = await FailuresAsync(run.ConnectionString, o.AdminEmail, ct);

        var what = $"{o.Attempts} wrong sign-ins to the admin from one IP, {o.Concurrency} at a time; then the admin from an IP never seen before";
        return run.Report(what, burst, seconds,
            [
                Answers.NoServerErrors(burst, gateAllowed: false),
                new Check("the owner signs in from another IP after the burst", ownerSignIn.Status == 200,
                    $"{ownerSignIn.Label}{RetryAfter(ownerSignIn)} at {sinceBurst:0.0} s after the burst began"),
            ],
            [
                $"passwords checked (401): {burst.Count(b => b.Status == 401)}; the design lets one IP fail {limits.SignInFreeFailures} times before it waits {limits.SignInFirstDelaySeconds:0} s, and {limits.SignInPerMinute} requests a minute",
                $"failures recorded in identity.sign_in_attempts (IP {Attacker}): {recorded}; the account's ceiling closes it to new IPs at {limits.SignInAccountFailuresPerMinute} a minute",
                $"the attacker's IP with the right password after the burst: {attackerRight.Label}{RetryAfter(attackerRight)} (by design it waits)",
            ]);
    }

    internal static string RetryAfter(Outcome outcome) => outcome.RetryAfter is { } s ? $" (Retry-After {s} s)" : "";

    /// <summary>The failed sign-ins to the account that the host checked and recorded.</summary>
    internal static async Task<long> FailuresAsync(string connectionString, string email, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from identity.sign_in_attempts where email = lower(@email) and not succeeded", new { email }, cancellationToken: ct));
    }
}
