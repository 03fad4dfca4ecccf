using System.Net;
using System.Text.Json;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Pipelines;

/// <summary>Deals' events, fed through the real bus, keep each stage's deal count for display (KeepStageOccupancy: a fact per deal, by version); whether a stage may be removed is Deals' answer (StageRemovalTests).</summary>
public sealed class StageOccupancyTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static readonly Guid Someone = Guid.NewGuid();

    private static DealCreated Created(JsonElement pipeline, JsonElement stage) =>
        new(DealsKit.StateOf(Guid.NewGuid(), 1, Guid.Parse(stage.Id()), pipelineId: Guid.Parse(pipeline.Id())), Someone);

    /// <summary>The deal's state, newer by one, in another stage (or deleted where it stands).</summary>
    private static DealState Next(DealState deal, Guid? stageId = null, string status = DealStatuses.Open) =>
        deal with { Version = deal.Version + 1, StageId = stageId ?? deal.StageId, Status = status };

    private static async Task WaitForCountAsync(CrmClient client, string pipelineId, string stageName, int expected) =>
        await Eventually.TrueAsync(
            async () => (await client.PipelineAsync(pipelineId)).Stage(stageName).GetProperty("dealCount").GetInt32() == expected,
            $"{stageName} holds {expected} deal(s)");

    [Fact]
    public async Task A_stage_counts_the_deals_that_enter_it_and_leave_it()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Занятые этапы");
        await (await admin.PostAsync($"/api/pipelines/{pipeline.Id()}/stages", new { name = "Переговоры", color = "#FFCC00", kind = "open", probability = 40 }))
            .JsonAsync(HttpStatusCode.Created);
        pipeline = await admin.PipelineAsync(pipeline.Id());
        var contact = pipeline.Stage("Первичный контакт");
        var talks = pipeline.Stage("Переговоры");

        var deal = Created(pipeline, contact).Deal;
        var other = Created(pipeline, contact);
        await app.PublishAsync(new DealCreated(deal, Someone));
        await app.PublishAsync(other);
        await WaitForCountAsync(admin, pipeline.Id(), "Первичный контакт", 2);


        await app.PublishAsync(new DealStageChanged(Next(deal, Guid.Parse(talks.Id())), deal.StageId, Someone));
        await WaitForCountAsync(admin, pipeline.Id(), "Переговоры", 1);
        Assert.Equal(1, (await admin.PipelineAsync(pipeline.Id())).Stage("Первичный контакт").GetProperty("dealCount").GetInt32());

        await app.PublishAsync(new DealDeleted(Next(other.Deal, status: DealStatuses.Deleted), Someone));
        await WaitForCountAsync(admin, pipeline.Id(), "Первичный контакт", 0);
        Assert.Equal(1, (await admin.PipelineAsync(pipeline.Id())).Stage("Переговоры").GetProperty("dealCount").GetInt32());
    }

    [Fact]
    public async Task An_event_delivered_again_is_counted_once()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Повторная доставка");
        var stage = pipeline.Stage("Неразобранное");
        var deal = Created(pipeline, stage);
        await app.PublishAsync(deal);
        await WaitForCountAsync(admin, pipeline.Id(), "Неразобранное", 1);

        await using (var db = await app.OpenDatabaseAsync())
        {
            Assert.Equal(1, await db.ExecuteScalarAsync<int>(
                "select count(*) from bus.inbox where event_id = @Id and handler = 'Pipelines.KeepStageOccupancy'", new { deal.Id }));
            await BusState.DeliverAgainAsync(db, deal.Id, "Pipelines.KeepStageOccupancy");
            await Eventually.TrueAsync(() => BusState.DeliveredAsync(db, deal.Id), "DealCreated delivered again");
        }

        Assert.Equal(1, (await admin.PipelineAsync(pipeline.Id())).Stage("Неразобранное").GetProperty("dealCount").GetInt32());
    }

    [Fact]
    public async Task A_reopen_and_a_deletion_follow_the_state_and_older_states_change_nothing()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Переоткрытие");
        var open = Guid.Parse(pipeline.Stage("Первичный контакт").Id());
        var won = Guid.Parse(pipeline.Stage("Успешно реализовано").Id());
        var created = Created(pipeline, pipeline.Stage("Первичный контакт"));
        var wonState = Next(created.Deal, won, DealStatuses.Won);
        var reopened = Next(wonState, open);
        // Handled newest first: the won state and the creation come after the reopen and change nothing.
        await app.PublishAsync(new DealStageChanged(reopened, won, Someone));
        await WaitForCountAsync(admin, pipeline.Id(), "Первичный контакт", 1);
        await app.PublishAsync(new DealStageChanged(wonState, open, Someone), new DealWon(wonState, Someone), created);
        await app.WaitForAsync(
            "select count(*) = 4 from bus.inbox where handler = 'Pipelines.KeepStageOccupancy' and event_id in (select id from bus.outbox where payload->'deal'->>'dealId' = @Id)",
            new { Id = created.Deal.DealId.ToString() }, "the reopen and the three older states handled");
        var after = await admin.PipelineAsync(pipeline.Id());
        Assert.Equal(1, after.Stage("Первичный контакт").GetProperty("dealCount").GetInt32());
        Assert.Equal(0, after.Stage("Успешно реализовано").GetProperty("dealCount").GetInt32());

        await app.PublishAsync(new DealDeleted(Next(reopened, status: DealStatuses.Deleted), Someone));
        await WaitForCountAsync(admin, pipeline.Id(), "Первичный контакт", 0);
    }

    [Fact]
    public async Task A_move_that_arrives_before_the_creation_still_ends_with_the_right_counts()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Без порядка");
        var from = pipeline.Stage("Неразобранное");
        var to = pipeline.Stage("Первичный контакт");
        var deal = Created(pipeline, from);

        await app.PublishAsync(new DealStageChanged(Next(deal.Deal, Guid.Parse(to.Id())), deal.Deal.StageId, Someone));
        await WaitForCountAsync(admin, pipeline.Id(), "Первичный контакт", 1);
        Assert.Equal(0, (await admin.PipelineAsync(pipeline.Id())).Stage("Неразобранное").GetProperty("dealCount").GetInt32());

        await app.PublishAsync(deal);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<int>("select deal_count from pipelines.stage_occupancy where stage_id = @Id", new { Id = Guid.Parse(from.Id()) }) == 0
                && await BusState.DeliveredAsync(db, deal.Id);
        }, "the creation lands");
        var after = await admin.PipelineAsync(pipeline.Id());
        Assert.Equal(0, after.Stage("Неразобранное").GetProperty("dealCount").GetInt32());
        Assert.Equal(1, after.Stage("Первичный контакт").GetProperty("dealCount").GetInt32());
    }
}
