using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Pipelines;

/// <summary>
/// Removing a stage while deals are created in it or moved to it, across Pipelines and Deals (issue 9,
/// found 3): no deal is ever left in a removed stage.
/// </summary>
public sealed class StageRemovalTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static async Task<bool> OnBoardAsync(CrmClient client, Guid pipelineId, Guid dealId)
    {
        var board = await (await client.GetAsync($"/api/deals/board?pipelineId={pipelineId}")).JsonAsync(HttpStatusCode.OK);
        return board.GetProperty("stages").EnumerateArray()
            .SelectMany(s => s.GetProperty("cards").EnumerateArray())
            .Any(c => c.GetProperty("id").GetGuid() == dealId);
    }

    private async Task<(JsonElement Pipeline, Guid PipelineId, Guid StageId)> PipelineInDealsAsync(CrmClient admin, string name)
    {
        var pipeline = await admin.CreatePipelineAsync(name);
        await (await admin.PostAsync($"/api/pipelines/{pipeline.Id()}/stages", new { name = "Переговоры", color = "#FFCC00", kind = "open", probability = 40 }))
            .JsonAsync(HttpStatusCode.Created);
        var stageId = Guid.Parse(pipeline.Stage("Первичный контакт").Id());
        await app.WaitForAsync("select exists (select 1 from deals.stages where id = @stageId)", new { stageId }, "Deals' copy of the stage");
        return (pipeline, Guid.Parse(pipeline.Id()), stageId);
    }

    [Fact]
    public async Task A_stage_whose_new_deal_Pipelines_has_not_counted_yet_is_not_removed_under_it()
    {
        using var admin = await app.SignedInAsync();
        var (_, pipelineId, stageId) = await PipelineInDealsAsync(admin, "Сделка в пути");

        // Pipelines' handler of Deals' events is held: the new deal's DealCreated is in flight to it
        // (as when it is retried or dead), so Pipelines' own count of the stage's deals still says 0.
        await using var holder = await app.OpenDatabaseAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("lock table pipelines.deal_facts in exclusive mode", transaction: hold);

        var deal = await (await admin.PostAsync("/api/deals", new { pipelineId, stageId, name = "В пути" })).JsonAsync(HttpStatusCode.Created);
        var dealId = deal.GetProperty("id").GetGuid();

        var removal = await admin.DeleteAsync($"/api/pipelines/{pipelineId}/stages/{stageId}");
        var status = removal.StatusCode;
        await hold.RollbackAsync();

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Первичный контакт", (await admin.PipelineAsync(pipelineId.ToString())).StageNames());
        Assert.True(await OnBoardAsync(admin, pipelineId, dealId), "the deal stays on the board");
    }
}
