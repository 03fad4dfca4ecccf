using System.Net;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

public sealed class MoveDealToStageTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_move_changes_the_stage_records_history_and_publishes_DealStageChanged()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var deal = await manager.CreateDealAsync(pipeline);
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var moved = await (await manager.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.Second, version = deal.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(pipeline.Second, moved.GetProperty("stageId").GetGuid());
        Assert.Equal(2, moved.Version());
        Assert.True(moved.GetProperty("stageEnteredAt").GetDateTimeOffset() > deal.GetProperty("stageEnteredAt").GetDateTimeOffset());

        var e = Assert.Single(await app.OutboxAsync("DealStageChanged", deal.Id()));
        Assert.Equal(pipeline.First, e.GetProperty("fromStageId").GetGuid());
        Assert.Equal(pipeline.Second, e.GetProperty("deal").GetProperty("stageId").GetGuid());
        Assert.Equal(pipeline.Id, e.GetProperty("deal").GetProperty("pipelineId").GetGuid());
        Assert.Equal(2, e.GetProperty("deal").Version());
        Assert.Equal("open", e.GetProperty("deal").Text("status"));
        Assert.Equal(managerId, e.GetProperty("changedBy").GetGuid());

        await using var db = await app.OpenDatabaseAsync();
        var last = await db.QuerySingleAsync<(Guid? From, Guid To)>(
            "select from_stage_id, to_stage_id from deals.stage_history where deal_id = @Id order by id desc limit 1", new { Id = deal.Id() });
        Assert.Equal((pipeline.First, pipeline.Second), (last.From!.Value, last.To));

        // without a version the move is not checked for staleness
        var back = await (await manager.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.First })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(pipeline.First, back.GetProperty("stageId").GetGuid());
        Assert.Equal(3, await app.HistoryCountAsync(deal.Id()));
    }

    [Fact]
    public async Task A_move_to_the_same_stage_changes_nothing()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline);
        var same = await (await admin.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.First })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(deal.Version(), same.Version());
        Assert.Empty(await app.OutboxAsync("DealStageChanged", deal.Id()));
        Assert.Equal(1, await app.HistoryCountAsync(deal.Id()));
    }

    [Fact]
    public async Task Unknown_foreign_won_lost_and_unsorted_stages_are_refused()
    {
        var pipeline = await app.PipelineAsync();
        var other = await app.PipelineAsync("Другая");
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline);

        async Task<string[]> RefusedAsync(object body) =>
            (await (await admin.PostAsync($"/api/deals/{deal.Id()}/stage", body)).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("stageId");

        Assert.Equal(["Такого этапа нет"], await RefusedAsync(new { stageId = Guid.NewGuid() }));
        Assert.Equal(["Этап из другой воронки"], await RefusedAsync(new { stageId = other.Second }));
        Assert.NotEmpty(await RefusedAsync(new { stageId = pipeline.Won }));
        Assert.NotEmpty(await RefusedAsync(new { stageId = pipeline.Lost }));
        Assert.Equal(["В «Неразобранное» попадают только заявки: выберите другой этап"], await RefusedAsync(new { stageId = pipeline.Unsorted }));
        Assert.NotEmpty(await RefusedAsync(new { stageId = (Guid?)null }));

        var read = await (await admin.GetAsync($"/api/deals/{deal.Id()}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(pipeline.First, read.GetProperty("stageId").GetGuid());
        Assert.Empty(await app.OutboxAsync("DealStageChanged", deal.Id()));
    }

    [Fact]
    public async Task Stale_version_is_409_another_managers_deal_is_403_unknown_is_404_anonymous_is_401()
    {
        var pipeline = await app.PipelineAsync();
        var (owner, _) = await app.UserAsync();
        var deal = await owner.CreateDealAsync(pipeline);
        await (await owner.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.Second, version = deal.Version() })).JsonAsync(HttpStatusCode.OK);
        await (await owner.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.First, version = deal.Version() }))
            .ProblemAsync(HttpStatusCode.Conflict);

        var (other, _) = await app.UserAsync();
        await (await other.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.First })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await other.PostAsync($"/api/deals/{Guid.NewGuid()}/stage", new { stageId = pipeline.First })).ProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = app.Client();
        await anonymous.GetAsync("/api/identity/me");
        await (await anonymous.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.First })).ProblemAsync(HttpStatusCode.Unauthorized);

        var read = await (await owner.GetAsync($"/api/deals/{deal.Id()}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(pipeline.Second, read.GetProperty("stageId").GetGuid());
        Assert.Single(await app.OutboxAsync("DealStageChanged", deal.Id()));
    }

    [Fact]
    public async Task Deals_crossing_between_two_stages_at_once_all_move_and_the_totals_stay_right()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var down = new List<Guid>();
        var up = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            down.Add((await admin.CreateDealAsync(pipeline, new { budget = 1m })).Id());
            up.Add((await admin.CreateDealAsync(pipeline, new { budget = 10m }, pipeline.Second)).Id());
        }
        var moves = down.Select(id => admin.PostAsync($"/api/deals/{id}/stage", new { stageId = pipeline.Second }))
            .Concat(up.Select(id => admin.PostAsync($"/api/deals/{id}/stage", new { stageId = pipeline.First })));
        foreach (var response in await Task.WhenAll(moves))
        {
            await response.JsonAsync(HttpStatusCode.OK);
        }
        var board = await (await admin.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}")).JsonAsync(HttpStatusCode.OK);
        var first = board.GetProperty("stages")[1];
        var second = board.GetProperty("stages")[2];
        Assert.Equal((8, 80m), (first.GetProperty("count").GetInt64(), first.RoubleSum()));
        Assert.Equal((8, 8m), (second.GetProperty("count").GetInt64(), second.RoubleSum()));
    }

    [Fact]
    public async Task A_closed_deal_moved_back_to_an_open_stage_reopens()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline);
        var lost = await (await admin.PostAsync($"/api/deals/{deal.Id()}/lost", new { reason = "Дорого" })).JsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, lost.GetProperty("closedAt").ValueKind);
        var reopened = await (await admin.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.Second })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, reopened.GetProperty("closedAt").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, reopened.GetProperty("lossReason").ValueKind);
    }
}
