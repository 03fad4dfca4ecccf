using System.Text.Json;
using Crm.Bench.Board;
using Npgsql;

namespace Crm.Bench.Endurance;

/// <summary>The admin's API token and the seeded «Новые дилеры» with the stages a deal may be created in or moved to.</summary>
internal sealed record Workspace(string Token, Guid PipelineId, Guid[] Stages, Uri BaseAddress)
{
    public const string Pipeline = "Новые дилеры";

    /// <summary>
    /// Waits until Deals has the seeded pipelines (through the bus), signs in as the admin, creates an API token and
    /// reads the pipeline's stages from GET /api/pipelines: the unsorted and open ones (won and lost take other routes).
    /// </summary>
    public static async Task<Workspace> PrepareAsync(Uri baseAddress, NpgsqlDataSource db, EnduranceOptions o, string tokenName, CancellationToken ct)
    {
        await BoardBenchmark.WaitForSeedAsync(db, ct);
        var token = await Api.SignInAndCreateTokenAsync(baseAddress, o.AdminEmail, o.AdminPassword, tokenName, ct);
        using var http = Api.Client(baseAddress, token);
        using var response = await http.GetAsync("api/pipelines", ct);
        await Api.EnsureAsync(response, "GET /api/pipelines", ct);
        var pipelines = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
        var pipeline = pipelines.EnumerateArray().Single(p => p.GetProperty("name").GetString() == Pipeline);
        var stages = pipeline.GetProperty("stages").EnumerateArray()
            .Where(s => s.GetProperty("kind").GetString() is "unsorted" or "open")
            .Select(s => s.GetProperty("id").GetGuid())
            .ToArray();
        return new Workspace(token, pipeline.GetProperty("id").GetGuid(), stages, baseAddress);
    }

    public object NewDeal(string name, Guid stageId) => new { pipelineId = PipelineId, stageId, name };

    /// <summary>Another stage than <paramref name="current"/>.</summary>
    public Guid OtherStage(Random random, Guid current)
    {
        var others = Stages.Where(s => s != current).ToArray();
        return others[random.Next(others.Length)];
    }
}
