using System.Net;
using System.Text.Json;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Pipelines.Contracts;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Deals;

/// <summary>A sales pipeline as the tests create it: unsorted, two open stages, won, lost.</summary>
public sealed record TestPipeline(Guid Id, Guid Unsorted, Guid First, Guid Second, Guid Won, Guid Lost)
{
    public IReadOnlyList<Guid> StageIds => [Unsorted, First, Second, Won, Lost];
}

/// <summary>What the Deals tests share: pipelines fed through the real bus, users, deals, outbox rows.</summary>
public static class DealsKit
{
    public const string ManagerPassword = "manager-password";

    /// <summary>
    /// A fresh pipeline, published as Pipelines would (PipelineCreated and StageAdded through the
    /// real outbox and bus), once Deals' copy has it. Fresh ids: the Pipelines seed never interferes.
    /// </summary>
    public static async Task<TestPipeline> PipelineAsync(this CrmApp app, string name = "Тестовая воронка")
    {
        var pipeline = new TestPipeline(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await app.PublishAsync(
            new PipelineCreated(pipeline.Id, name, PipelineKinds.Sales, 0),
            new StageAdded(pipeline.Id, pipeline.Unsorted, "Неразобранное", "#cccccc", StageKinds.Unsorted, 0, 0),
            new StageAdded(pipeline.Id, pipeline.First, "Первичный контакт", "#99ccff", StageKinds.Open, 10, 1),
            new StageAdded(pipeline.Id, pipeline.Second, "Переговоры", "#ffcc99", StageKinds.Open, 40, 2),
            new StageAdded(pipeline.Id, pipeline.Won, "Успешно реализовано", "#99ff99", StageKinds.Won, 100, 3),
            new StageAdded(pipeline.Id, pipeline.Lost, "Закрыто и не реализовано", "#ff9999", StageKinds.Lost, 0, 4));
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<int>("select count(*) from deals.stages where pipeline_id = @Id", new { pipeline.Id }) == 5
                && await db.ExecuteScalarAsync<bool>("select exists (select 1 from deals.pipelines where id = @Id)", new { pipeline.Id });
        }, "Deals' copy of the pipeline");
        return pipeline;
    }

    /// <summary>Publishes events in one transaction through the real bus, as another module's command would.</summary>
    public static async Task PublishAsync(this CrmApp app, params Crm.BuildingBlocks.Abstractions.IntegrationEvent[] events)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var publisher = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
        await db.BeginAsync();
        foreach (var e in events)
        {
            // PublishAsync is generic: the outbox stores the event by its static type.
            await (ValueTask)typeof(IEventPublisher).GetMethod(nameof(IEventPublisher.PublishAsync))!
                .MakeGenericMethod(e.GetType())
                .Invoke(publisher, [e, CancellationToken.None])!;
        }
        var ids = await db.CommitAsync();
        scope.ServiceProvider.GetRequiredService<OutboxSignal>().Committed(ids);
    }

    /// <summary>A new user with the role, signed in; returns the client and the user's id.</summary>
    public static async Task<(CrmClient Client, Guid Id)> UserAsync(this CrmApp app, string role = "Manager")
    {
        using var admin = await app.SignedInAsync();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@crm.local";
        var user = await (await admin.PostAsync("/api/identity/users",
            new { email, displayName = $"{role} {email[..12]}", role, password = ManagerPassword })).JsonAsync(HttpStatusCode.Created);
        return (await app.SignedInAsync(email, ManagerPassword), user.GetProperty("id").GetGuid());
    }

    public static async Task<JsonElement> CreateDealAsync(this CrmClient client, TestPipeline pipeline, object? fields = null, Guid? stageId = null)
    {
        var body = new Dictionary<string, object?> { ["pipelineId"] = pipeline.Id, ["stageId"] = stageId ?? pipeline.First };
        if (fields is not null)
        {
            foreach (var p in fields.GetType().GetProperties())
            {
                body[p.Name] = p.GetValue(fields);
            }
        }
        return await (await client.PostAsync("/api/deals", body)).JsonAsync(HttpStatusCode.Created);
    }

    public static Guid Id(this JsonElement json) => json.GetProperty("id").GetGuid();

    public static int Version(this JsonElement json) => json.GetProperty("version").GetInt32();

    public static string Text(this JsonElement json, string property) => json.GetProperty(property).GetString()!;

    /// <summary>Payloads of the outbox rows of an event type about one deal, oldest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> OutboxAsync(this CrmApp app, string eventName, Guid dealId)
    {
        await using var db = await app.OpenDatabaseAsync();
        var payloads = await db.QueryAsync<string>(
            "select payload::text from bus.outbox where event_type = @Type and payload->>'dealId' = @Deal order by occurred_at, id",
            new { Type = $"Crm.Modules.Deals.Contracts.{eventName}", Deal = dealId.ToString() });
        return payloads.Select(p => JsonDocument.Parse(p).RootElement.Clone()).ToList();
    }

    public static async Task<int> HistoryCountAsync(this CrmApp app, Guid dealId)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<int>("select count(*) from deals.stage_history where deal_id = @dealId", new { dealId });
    }
}
