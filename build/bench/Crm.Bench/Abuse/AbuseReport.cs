using Crm.BuildingBlocks.Web;

namespace Crm.Bench.Abuse;

public sealed record AbuseMeta(
    DateTimeOffset RanAt, string? GitCommit, string Machine, int Cores, string Os, string BenchRuntime, PgSettings Postgres,
    double? LoadAverageBefore, double? LoadAverageAfter, double Minutes, string Host);

/// <summary>The limits the host runs with: the shipped defaults (<see cref="AbuseLimitsOptions"/>, <see cref="BodyLimits"/>), none overridden.</summary>
public sealed record LimitsInForce(
    int SignInPerMinute, int SignInFreeFailures, double SignInFirstDelaySeconds, int SignInAccountFailuresPerMinute, int ApiTokensPerHour,
    int PasswordHashingConcurrency, int PasswordHashingQueue, long AnonymousBodyBytes)
{
    public static LimitsInForce Shipped()
    {
        var o = new AbuseLimitsOptions();
        // the host runs on this machine: 0 means half its cores, at least one (AbuseLimitsOptions.PasswordHashingConcurrency)
        var hashing = o.PasswordHashingConcurrency > 0 ? o.PasswordHashingConcurrency : Math.Max(1, Environment.ProcessorCount / 2);
        return new LimitsInForce(o.SignInPerMinute, o.SignInFreeFailures, o.SignInFirstDelay.TotalSeconds, o.SignInAccountFailuresPerMinute,
            o.ApiTokensPerHour, hashing, o.PasswordHashingQueue, BodyLimits.Anonymous);
    }
}

public sealed record AbuseReport(AbuseMeta Meta, AbuseOptions Parameters, LimitsInForce Limits, ScenarioReport[] Scenarios)
{
    public bool Passed => Scenarios.All(s => s.Passed);
}

/// <summary>An expectation of the design, met or not, with what was seen.</summary>
public sealed record Check(string What, bool Passed, string Seen);

/// <summary>The host's VmRSS in MB before the burst, when every answer was in, and the most seen (sampled every 20 ms).</summary>
public sealed record RssFigures(double Before, double After, double Max, int Samples);

/// <summary>Client times of the ordinary GETs before the burst and while it ran; answers other than 200.</summary>
public sealed record GetFigures(Stats Before, Stats During, int NotOk);

/// <summary>The Retry-After seconds of the refusals (429 and 503).</summary>
public sealed record RetryAfterRange(int Count, int Min, int Max)
{
    public static RetryAfterRange? Of(IEnumerable<Outcome> outcomes)
    {
        var seconds = outcomes.Where(o => o.Status is 429 or 503 && o.RetryAfter is not null).Select(o => o.RetryAfter!.Value).ToArray();
        return seconds.Length == 0 ? null : new RetryAfterRange(seconds.Length, seconds.Min(), seconds.Max());
    }
}

public sealed record ScenarioReport(
    string Name, string What, string Database, double Seconds, double? LoadAverageBefore, double? LoadAverageAfter,
    SortedDictionary<string, int> Answers, double BurstSeconds, Stats BurstClientMs, RetryAfterRange? RetryAfter, Check[] Checks,
    string[] Figures, RssFigures? Rss, GetFigures? Gets, string[] HostErrors, string[] HostWarnings)
{
    public bool Passed => Checks.All(c => c.Passed);
}

internal static class Answers
{
    /// <summary>How many calls got each status ("no answer" when the connection failed).</summary>
    public static SortedDictionary<string, int> Of(IEnumerable<Outcome> outcomes) =>
        new(outcomes.GroupBy(o => o.Label).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);

    public static string Text(SortedDictionary<string, int> answers) =>
        answers.Count == 0 ? "-" : string.Join(", ", answers.Select(a => $"{a.Key}: {a.Value}"));

    /// <summary>No 5xx but the hashing gate's 503 (<paramref name="gateAllowed"/>), and every call answered.</summary>
    public static Check NoServerErrors(IEnumerable<Outcome> outcomes, bool gateAllowed)
    {
        var bad = outcomes.Where(o => o.Status is null || (o.Status >= 500 && !(gateAllowed && o.IsGate))).ToArray();
        return new Check(gateAllowed ? "no 5xx but the gate's 503, every call answered" : "no 5xx, every call answered", bad.Length == 0,
            bad.Length == 0 ? "none" : $"{bad.Length}, the first: {bad[0].Label} {Shorten(bad[0].Error)}");
    }

    public static string Shorten(string? text) => text is null ? "" : text.Length > 300 ? text[..300] + " …" : text;
}
