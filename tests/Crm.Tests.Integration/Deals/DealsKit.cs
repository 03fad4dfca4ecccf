using System.Net;
using System.Text.Json;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Contracts;
using Crm.Modules.Pipelines.Contracts;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Deals;

/// <summary>A sales pipeline as the tests create it: unsorted, two open stages, won, lost.</summary>
public sealed record TestPipeline(Guid Id, Guid Unsorted, Guid First, Guid Second, Guid Won, Guid Lost)
{
    public IReadOnlyList<Guid> StageIds => [Unsorted, First, Second, Won, Lost];

    /// <summary>Its state as Pipelines would publish it at this version, with the five stages in order (change it with <c>with</c>).</summary>
    public PipelineState State(int version, string name = "Тестовая воронка", bool archived = false) =>
        new(Id, version, name, PipelineKinds.Sales, 0, archived,
        [
            new(Unsorted, "Неразобранное", "#cccccc", StageKinds.Unsorted, 0, 0, null),
            new(First, "Первичный контакт", "#99ccff", StageKinds.Open, 10, 1, null),
            new(Second, "Переговоры", "#ffcc99", StageKinds.Open, 40, 2, null),
            new(Won, "Успешно реализовано", "#99ff99", StageKinds.Won, 100, 3, null),
            new(Lost, "Закрыто и не реализовано", "#ff9999", StageKinds.Lost, 0, 4, null),
        ]);
}

/// <summary>Pipeline states changed as the tests need them.</summary>
public static class PipelineStatesKit
{
    /// <summary>The state with one stage changed.</summary>
    public static PipelineState WithStage(this PipelineState state, Guid stageId, Func<StageState, StageState> change) =>
        state with { Stages = state.Stages.Select(s => s.StageId == stageId ? change(s) : s).ToList() };
}

/// <summary>What the Deals tests share: pipelines fed through the real bus, users, deals, outbox rows.</summary>
public static class DealsKit
{
    public const string ManagerPassword = "manager-password";

    /// <summary>
    /// A fresh pipeline, published as Pipelines would (PipelineCreated with its state at version 1,
    /// through the real outbox and bus), once Deals' copy has it. Fresh ids: the Pipelines seed never interferes.
    /// </summary>
    public static async Task<TestPipeline> PipelineAsync(this CrmApp app, string name = "Тестовая воронка")
    {
        var pipeline = new TestPipeline(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await app.PublishAsync(new PipelineCreated(pipeline.State(1, name)));
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            var order = await db.QueryAsync<Guid>("select id from deals.stages where pipeline_id = @Id order by position", new { pipeline.Id });
            return order.SequenceEqual(pipeline.StageIds);
        }, "the stages in order");
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
        await db.CommitAsync();
    }

    /// <summary>A deal's state as Deals would publish it, for deal events fed straight to the bus.</summary>
    public static DealState StateOf(
        Guid dealId, int version, Guid stageId, string status = DealStatuses.Open, Guid? companyId = null, Guid? pipelineId = null,
        Guid? responsibleId = null, string name = "Сделка") =>
        new(dealId, version, 1, name, pipelineId ?? Guid.Empty, stageId, status, 10m, "RUB", responsibleId ?? Guid.Empty, companyId, []);

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

    /// <summary>A company's state as Directory would publish it, for company events fed straight to the bus.</summary>
    public static CompanyState CompanyState(Guid id, int version, string name, bool deleted = false, Guid? mergedInto = null) =>
        new(id, version, name, Guid.Empty, deleted, mergedInto);

    /// <summary>A contact's state as Directory would publish it, for contact events fed straight to the bus.</summary>
    public static ContactState ContactState(Guid id, int version, string fullName, bool deleted = false, Guid? mergedInto = null, Guid? companyId = null) =>
        new(id, version, fullName, companyId, Guid.Empty, deleted, mergedInto);

    /// <summary>A company added to the Lists by hand, as Directory announces it (version 1), once Deals' copy has it.</summary>
    public static async Task<Guid> CompanyAsync(this CrmApp app, string name)
    {
        var id = Guid.CreateVersion7();
        await app.PublishAsync(new CompanyCreated(CompanyState(id, 1, name), Guid.NewGuid()));
        await app.WaitForAsync("select exists (select 1 from deals.companies where id = @id)", new { id }, $"Deals' copy of {name}");
        return id;
    }

    /// <summary>A contact added to the Lists by hand, as Directory announces it (version 1), once Deals' copy has it.</summary>
    public static async Task<Guid> ContactAsync(this CrmApp app, string fullName)
    {
        var id = Guid.CreateVersion7();
        await app.PublishAsync(new ContactCreated(ContactState(id, 1, fullName), Guid.NewGuid()));
        await app.WaitForAsync("select exists (select 1 from deals.contacts where id = @id)", new { id }, $"Deals' copy of {fullName}");
        return id;
    }

    /// <summary>Waits until a boolean query of the test database is true.</summary>
    public static Task WaitForAsync(this CrmApp app, string sql, object? parameters, string what) =>
        Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<bool>(sql, parameters);
        }, what);

    public static async Task<JsonElement> DealAsync(this CrmClient client, Guid id) =>
        await (await client.GetAsync($"/api/deals/{id}")).JsonAsync(HttpStatusCode.OK);

    /// <summary>The deal's card as its pipeline's board shows it.</summary>
    public static async Task<JsonElement> CardAsync(this CrmClient client, TestPipeline pipeline, Guid dealId)
    {
        var board = await (await client.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}")).JsonAsync(HttpStatusCode.OK);
        return board.GetProperty("stages").EnumerateArray()
            .SelectMany(s => s.GetProperty("cards").EnumerateArray())
            .Single(c => c.Id() == dealId);
    }

    /// <summary>The deal's contacts as (id, name, main), in order.</summary>
    public static IReadOnlyList<(Guid? Id, string Name, bool IsMain)> Contacts(this JsonElement deal) =>
        deal.GetProperty("contacts").EnumerateArray()
            .Select(c => (c.GetProperty("contactId").ValueKind == JsonValueKind.Null ? (Guid?)null : c.GetProperty("contactId").GetGuid(),
                c.Text("name"), c.GetProperty("isMain").GetBoolean()))
            .ToList();

    public static Guid? OptionalGuid(this JsonElement json, string property) =>
        json.GetProperty(property).ValueKind == JsonValueKind.Null ? null : json.GetProperty(property).GetGuid();

    public static string? OptionalText(this JsonElement json, string property) => json.GetProperty(property).GetString();

    /// <summary>A board column's budget sum in roubles, the only currency its deals may be in here (0 when it has none).</summary>
    public static decimal RoubleSum(this JsonElement column)
    {
        var sums = column.GetProperty("budgetSums").EnumerateArray().ToList();
        Assert.All(sums, s => Assert.Equal("RUB", s.Text("currency")));
        return sums.Sum(s => s.GetProperty("amount").GetDecimal());
    }

    public static Guid Id(this JsonElement json) => json.GetProperty("id").GetGuid();

    public static int Version(this JsonElement json) => json.GetProperty("version").GetInt32();

    public static string Text(this JsonElement json, string property) => json.GetProperty(property).GetString()!;

    /// <summary>Payloads of the outbox rows of an event type about one deal (in its state, or by its id), oldest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> OutboxAsync(this CrmApp app, string eventName, Guid dealId)
    {
        await using var db = await app.OpenDatabaseAsync();
        var payloads = await db.QueryAsync<string>(
            """
            select payload::text from bus.outbox
            where event_type = @Type and coalesce(payload->'deal'->>'dealId', payload->>'dealId') = @Deal
            order by occurred_at, id
            """,
            new { Type = $"Crm.Modules.Deals.Contracts.{eventName}", Deal = dealId.ToString() });
        return payloads.Select(p => JsonDocument.Parse(p).RootElement.Clone()).ToList();
    }

    public static async Task<int> HistoryCountAsync(this CrmApp app, Guid dealId)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<int>("select count(*) from deals.stage_history where deal_id = @dealId", new { dealId });
    }
}
