using System.Net;
using Crm.Modules.Pipelines.Contracts;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

public sealed class GetDealHistoryTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task The_history_lists_every_stage_change_oldest_first_with_current_stage_names()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        using var admin = await app.SignedInAsync();
        var deal = await manager.CreateDealAsync(pipeline, stageId: pipeline.Second);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await manager.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.First })).JsonAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await admin.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.Second })).JsonAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await manager.PostAsync($"/api/deals/{deal.Id()}/won")).JsonAsync(HttpStatusCode.OK);

        await app.PublishAsync(new StageUpdated(pipeline.State(2).WithStage(pipeline.Second, s => s with { Name = "Торг", Color = "#000000", Probability = 50 }), pipeline.Second));
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<string>("select name from deals.stages where id = @Second", new { pipeline.Second }) == "Торг";
        }, "stage renamed in the copy");

        var (reader, _) = await app.UserAsync();
        var history = (await (await reader.GetAsync($"/api/deals/{deal.Id()}/history")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(4, history.Count);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, history[0].GetProperty("fromStageId").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, history[0].GetProperty("fromStageName").ValueKind);
        Assert.Equal(["Торг", "Первичный контакт", "Торг", "Успешно реализовано"], history.Select(h => h.Text("toStageName")));
        Assert.Equal(["Торг", "Первичный контакт", "Торг"], history.Skip(1).Select(h => h.Text("fromStageName")));
        Assert.Equal(pipeline.Won, history[3].GetProperty("toStageId").GetGuid());
        Assert.Equal(managerId, history[1].GetProperty("changedBy").GetGuid());
        Assert.NotEqual(managerId, history[2].GetProperty("changedBy").GetGuid());
        var times = history.Select(h => h.GetProperty("changedAt").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public async Task An_unknown_deal_is_404_and_anonymous_callers_get_401()
    {
        using var admin = await app.SignedInAsync();
        await (await admin.GetAsync($"/api/deals/{Guid.NewGuid()}/history")).ProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = app.Client();
        await (await anonymous.GetAsync($"/api/deals/{Guid.NewGuid()}/history")).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
