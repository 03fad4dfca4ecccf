using System.Net;
using Crm.Tests.Integration.Infrastructure;
using Crm.Tests.Integration.Pipelines;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// Read-your-writes between Pipelines and Deals: a stage added a moment ago takes a new deal and a
/// moved one at once, although Deals hears of the stage through the bus a moment later.
/// </summary>
public sealed class NewStageReadYourWritesTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_deal_created_in_or_moved_to_a_stage_Deals_has_not_heard_of_yet_waits_for_it_instead_of_400()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Этап только что");
        var pipelineId = pipeline.Id();
        var first = pipeline.Stage("Первичный контакт").Id();
        await app.WaitForAsync("select exists (select 1 from deals.stages where id = @first)", new { first }, "Deals' copy of the pipeline");
        var deal = await (await admin.PostAsync("/api/deals", new { pipelineId, stageId = first, name = "Переедет" })).JsonAsync(HttpStatusCode.Created);

        // Hold Deals' lane for this pipeline: an earlier delivery of the same aggregate, claimed by a
        // transaction that stays open, keeps the new stage's StageAdded waiting in line.
        await using var holder = await app.OpenDatabaseAsync();
        await holder.ExecuteAsync(
            "insert into bus.deliveries (event_id, handler, event_type, aggregate_id) values (@EventId, 'Deals.CopyPipelines', 'Held.ByTheTest', @pipelineId)",
            new { EventId = Guid.NewGuid(), pipelineId });
        var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("select 1 from bus.deliveries where aggregate_id = @pipelineId and event_type = 'Held.ByTheTest' for update", new { pipelineId }, hold);

        var stage = await (await admin.PostAsync($"/api/pipelines/{pipelineId}/stages",
            new { name = "Только что", color = "#FFCC00", kind = "open", probability = 30 })).JsonAsync(HttpStatusCode.Created);
        var stageId = stage.Id();
        var creating = admin.PostAsync("/api/deals", new { pipelineId, stageId, name = "Сразу в новый этап" });
        var moving = admin.PostAsync($"/api/deals/{deal.GetProperty("id").GetGuid()}/stage", new { stageId });
        await using (var db = await app.OpenDatabaseAsync())
        {
            Assert.False(await db.ExecuteScalarAsync<bool>("select exists (select 1 from deals.stages where id = @stageId)", new { stageId }));
        }

        // The held delivery goes (taken, as another instance would), and the line moves on.
        await holder.ExecuteAsync("delete from bus.deliveries where aggregate_id = @pipelineId and event_type = 'Held.ByTheTest'", new { pipelineId }, hold);
        await hold.CommitAsync();

        Assert.Equal(stageId, (await (await creating).JsonAsync(HttpStatusCode.Created)).GetProperty("stageId").GetGuid());
        Assert.Equal(stageId, (await (await moving).JsonAsync(HttpStatusCode.OK)).GetProperty("stageId").GetGuid());
    }

    [Fact]
    public async Task A_stage_nobody_added_is_still_not_found_at_once()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Нет такого этапа");
        var problem = await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id(), stageId = Guid.NewGuid(), name = "Куда?" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Такого этапа нет", problem.FieldErrors("stageId"));
    }
}
