using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Inbox;

/// <summary>A sales pipeline made through Pipelines' API: its «Неразобранное» and first open stage.</summary>
public sealed record InboxPipeline(Guid Id, Guid Unsorted, Guid FirstOpen);

/// <summary>What the Inbox tests share.</summary>
public static class InboxKit
{
    /// <summary>A new sales pipeline, made by the admin through the real Pipelines API (Inbox and Deals learn it from its event).</summary>
    public static async Task<InboxPipeline> SalesPipelineAsync(this CrmApp app, string name = "Новые клиенты")
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await (await admin.PostAsync("/api/pipelines", new { name = $"{name} {Guid.NewGuid():N}"[..40], kind = "sales" }))
            .JsonAsync(HttpStatusCode.Created);
        var stages = pipeline.GetProperty("stages").EnumerateArray().ToArray();
        return new InboxPipeline(
            pipeline.GetProperty("id").GetGuid(),
            stages.First(s => s.GetProperty("kind").GetString() == "unsorted").GetProperty("id").GetGuid(),
            stages.First(s => s.GetProperty("kind").GetString() == "open").GetProperty("id").GetGuid());
    }

    /// <summary>A request from the API; <paramref name="fields"/> override the defaults (a Yekaterinburg landline, a message).</summary>
    public static async Task<JsonElement> SubmitAsync(this CrmClient client, InboxPipeline pipeline, object? fields = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["pipelineId"] = pipeline.Id,
            ["contactName"] = "Иван Петров",
            ["phones"] = new[] { "8 (343) 212-34-56" },
            ["emails"] = Array.Empty<string>(),
            ["message"] = "Нужны 20 кресел в офис",
        };
        foreach (var p in fields?.GetType().GetProperties() ?? [])
        {
            body[char.ToLowerInvariant(p.Name[0]) + p.Name[1..]] = p.GetValue(fields);
        }
        return await (await client.PostAsync("/api/inbox/requests", body)).JsonAsync(HttpStatusCode.Created);
    }

    /// <summary>Payloads of the outbox rows of an Inbox event type about one request, oldest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> InboxOutboxAsync(this CrmApp app, string eventName, Guid requestId)
    {
        await using var db = await app.OpenDatabaseAsync();
        var payloads = await db.QueryAsync<string>(
            "select payload::text from bus.outbox where event_type = @Type and payload->'request'->>'requestId' = @Id order by occurred_at, id",
            new { Type = $"Crm.Modules.Inbox.Contracts.{eventName}", Id = requestId.ToString() });
        return payloads.Select(p => JsonDocument.Parse(p).RootElement.Clone()).ToList();
    }

    public static Guid IdOf(this JsonElement json, string property) => json.GetProperty(property).GetGuid();

    public static string? Str(this JsonElement json, string property) =>
        json.GetProperty(property).ValueKind == JsonValueKind.Null ? null : json.GetProperty(property).GetString();
}
