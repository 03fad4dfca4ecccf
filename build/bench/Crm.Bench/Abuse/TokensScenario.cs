namespace Crm.Bench.Abuse;

/// <summary>One signed-in user creating personal API tokens until refused: the per-user limit an hour.</summary>
internal static class TokensScenario
{
    public const string Name = "tokens";

    private const string Ip = "192.0.2.30";

    public static async Task<ScenarioReport> RunAsync(AbuseOptions o, LimitsInForce limits, CancellationToken ct)
    {
        await using var run = await AbuseRun.StartAsync(o, Name, ct);
        using var owner = await Caller.SignedInAsync(run.BaseAddress, o.AdminEmail, o.AdminPassword, Ip, ct);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var calls = new List<Outcome>();
        // stop at the first refusal; a few past the limit at most, should it never come
        while (calls.Count <= limits.ApiTokensPerHour + 5 && (calls.Count == 0 || calls[^1].Status == 201))
        {
            calls.Add(await owner.PostAsync("api/identity/me/tokens", new { name = $"bench token {calls.Count + 1}" }, Ip, ct));
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var created = calls.Count(c => c.Status == 201);
        var refusal = calls[^1];

        return run.Report("one signed-in user creates API tokens until refused", [.. calls], seconds,
            [
                Answers.NoServerErrors(calls, gateAllowed: false),
                new Check($"{limits.ApiTokensPerHour} created, then 429", created == limits.ApiTokensPerHour && refusal.Status == 429,
                    $"{created} created, then {refusal.Label}{OneIpScenario.RetryAfter(refusal)}"),
            ],
            [$"tokens created before the refusal: {created} (the limit: {limits.ApiTokensPerHour} an hour per user)"]);
    }
}
