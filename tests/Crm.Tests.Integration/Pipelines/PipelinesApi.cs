using System.Net;
using System.Text.Json;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Pipelines;

/// <summary>The calls and lookups the Pipelines tests share.</summary>
internal static class PipelinesApi
{
    public const string Contracts = "Crm.Modules.Pipelines.Contracts.";

    public static async Task<JsonElement> CreatePipelineAsync(this CrmClient client, string name, string kind = "sales") =>
        await (await client.PostAsync("/api/pipelines", new { name, kind })).JsonAsync(HttpStatusCode.Created);

    public static async Task<JsonElement[]> ListAsync(this CrmClient client, bool includeArchived = false) =>
        (await (await client.GetAsync($"/api/pipelines?includeArchived={(includeArchived ? "true" : "false")}")).JsonAsync(HttpStatusCode.OK))
        .EnumerateArray().ToArray();

    public static async Task<JsonElement> PipelineAsync(this CrmClient client, string id) =>
        (await client.ListAsync(includeArchived: true)).Single(p => p.Id() == id);

    public static string Id(this JsonElement e) => e.GetProperty("id").GetString()!;

    public static int Version(this JsonElement e) => e.GetProperty("version").GetInt32();

    public static JsonElement[] Stages(this JsonElement pipeline) => pipeline.GetProperty("stages").EnumerateArray().ToArray();

    public static JsonElement Stage(this JsonElement pipeline, string name) =>
        pipeline.Stages().Single(s => s.GetProperty("name").GetString() == name);

    public static string[] StageNames(this JsonElement pipeline) =>
        pipeline.Stages().Select(s => s.GetProperty("name").GetString()!).ToArray();

    public static string[] StageKinds(this JsonElement pipeline) =>
        pipeline.Stages().Select(s => s.GetProperty("kind").GetString()!).ToArray();

    /// <summary>Creates a user of this role (as the admin) and signs them in.</summary>
    public static async Task<CrmClient> SignedInAsAsync(this CrmApp app, string role)
    {
        using var admin = await app.SignedInAsync();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@crm.local";
        await (await admin.PostAsync("/api/identity/users", new { email, displayName = role, role, password = "role-password" }))
            .JsonAsync(HttpStatusCode.Created);
        return await app.SignedInAsync(email, "role-password");
    }

    /// <summary>The payloads of the events of this type about this entity (a property of the event or of its pipeline state), oldest first.</summary>
    public static async Task<JsonElement[]> OutboxAsync(this CrmApp app, string eventType, string property, string value, string contracts = Contracts)
    {
        await using var db = await app.OpenDatabaseAsync();
        var payloads = await db.QueryAsync<string>(
            """
            select payload::text from bus.outbox
            where event_type = @type and coalesce(payload->>@property, payload->'pipeline'->>@property) = @value
            order by occurred_at, ctid
            """,
            new { type = contracts + eventType, property, value });
        return payloads.Select(p => JsonDocument.Parse(p).RootElement.Clone()).ToArray();
    }

    /// <summary>The pipeline state an event carries.</summary>
    public static JsonElement State(this JsonElement e) => e.GetProperty("pipeline");

    /// <summary>A stage of the pipeline state an event carries.</summary>
    public static JsonElement StateStage(this JsonElement e, string stageId) =>
        e.State().GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stageId").GetString() == stageId);

    /// <summary>Publishes an event in a committed transaction, as a command of another module does.</summary>
    public static async Task PublishAsync<TEvent>(this CrmApp app, TEvent integrationEvent) where TEvent : IntegrationEvent
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        await db.BeginAsync();
        await scope.ServiceProvider.GetRequiredService<IEventPublisher>().PublishAsync(integrationEvent);
        await db.CommitAsync();
    }
}
