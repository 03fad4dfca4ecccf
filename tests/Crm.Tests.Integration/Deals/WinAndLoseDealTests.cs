using System.Net;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Deals;

public sealed class WinAndLoseDealTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task Winning_moves_to_the_won_stage_closes_the_deal_and_publishes_both_events()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var deal = await manager.CreateDealAsync(pipeline, new { budget = 1234.5m });

        var won = await (await manager.PostAsync($"/api/deals/{deal.Id()}/won", new { version = deal.Version() })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(pipeline.Won, won.GetProperty("stageId").GetGuid());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, won.GetProperty("closedAt").ValueKind);

        var moved = Assert.Single(await app.OutboxAsync("DealStageChanged", deal.Id()));
        Assert.Equal(pipeline.First, moved.GetProperty("fromStageId").GetGuid());
        Assert.Equal(pipeline.Won, moved.GetProperty("deal").GetProperty("stageId").GetGuid());
        var e = Assert.Single(await app.OutboxAsync("DealWon", deal.Id()));
        Assert.Equal(managerId, e.GetProperty("wonBy").GetGuid());
        var state = e.GetProperty("deal");
        Assert.Equal(moved.GetProperty("deal").GetRawText(), state.GetRawText());
        Assert.Equal(won.Version(), state.Version());
        Assert.Equal("won", state.Text("status"));
        Assert.Equal(1234.5m, state.GetProperty("budget").GetDecimal());
        Assert.Equal(managerId, state.GetProperty("responsibleId").GetGuid());
        Assert.Equal(pipeline.Won, state.GetProperty("stageId").GetGuid());
        Assert.Equal(2, await app.HistoryCountAsync(deal.Id()));

        var again = await (await manager.PostAsync($"/api/deals/{deal.Id()}/won")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(again.FieldErrors("stageId"));
    }

    [Fact]
    public async Task Losing_needs_a_reason_and_keeps_it()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        var deal = await manager.CreateDealAsync(pipeline);

        foreach (var reason in new[] { null, "", "   " })
        {
            var problem = await (await manager.PostAsync($"/api/deals/{deal.Id()}/lost", new { reason })).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal(["Укажите причину отказа"], problem.FieldErrors("reason"));
        }
        var tooLong = await (await manager.PostAsync($"/api/deals/{deal.Id()}/lost", new { reason = new string('r', 501) })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(tooLong.FieldErrors("reason"));
        Assert.Empty(await app.OutboxAsync("DealLost", deal.Id()));

        var lost = await (await manager.PostAsync($"/api/deals/{deal.Id()}/lost", new { reason = " Выбрали конкурента ", version = deal.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(pipeline.Lost, lost.GetProperty("stageId").GetGuid());
        Assert.Equal("Выбрали конкурента", lost.Text("lossReason"));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, lost.GetProperty("closedAt").ValueKind);

        var e = Assert.Single(await app.OutboxAsync("DealLost", deal.Id()));
        Assert.Equal("Выбрали конкурента", e.Text("reason"));
        Assert.Equal("lost", e.GetProperty("deal").Text("status"));
        Assert.Equal(lost.Version(), e.GetProperty("deal").Version());
        Assert.Equal(pipeline.Lost, Assert.Single(await app.OutboxAsync("DealStageChanged", deal.Id())).GetProperty("deal").GetProperty("stageId").GetGuid());
        Assert.Equal(2, await app.HistoryCountAsync(deal.Id()));
    }

    [Fact]
    public async Task A_won_deal_can_still_be_lost_and_the_history_shows_both()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline);
        await (await admin.PostAsync($"/api/deals/{deal.Id()}/won")).JsonAsync(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/deals/{deal.Id()}/lost", new { reason = "Отказ после подписания" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, await app.HistoryCountAsync(deal.Id()));
        Assert.Equal(2, (await app.OutboxAsync("DealStageChanged", deal.Id())).Count);
    }

    [Fact]
    public async Task A_won_deal_moved_back_to_an_open_stage_is_open_again_in_its_state()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline);
        var won = await (await admin.PostAsync($"/api/deals/{deal.Id()}/won")).JsonAsync(HttpStatusCode.OK);
        var reopened = await (await admin.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.Second, version = won.Version() }))
            .JsonAsync(HttpStatusCode.OK);

        var moves = await app.OutboxAsync("DealStageChanged", deal.Id());
        Assert.Equal(2, moves.Count);
        var reopen = moves[1];
        Assert.Equal(pipeline.Won, reopen.GetProperty("fromStageId").GetGuid());
        Assert.Equal("open", reopen.GetProperty("deal").Text("status"));
        Assert.Equal(pipeline.Second, reopen.GetProperty("deal").GetProperty("stageId").GetGuid());
        Assert.Equal(reopened.Version(), reopen.GetProperty("deal").Version());
        Assert.True(reopen.GetProperty("deal").Version() > moves[0].GetProperty("deal").Version());
    }

    [Fact]
    public async Task Rights_versions_unknown_deals_and_anonymous_callers()
    {
        var pipeline = await app.PipelineAsync();
        var (owner, _) = await app.UserAsync();
        var deal = await owner.CreateDealAsync(pipeline);
        var (other, _) = await app.UserAsync();

        await (await other.PostAsync($"/api/deals/{deal.Id()}/won")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await other.PostAsync($"/api/deals/{deal.Id()}/lost", new { reason = "x" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.PostAsync($"/api/deals/{deal.Id()}/won", new { version = 5 })).ProblemAsync(HttpStatusCode.Conflict);
        await (await owner.PostAsync($"/api/deals/{deal.Id()}/lost", new { reason = "x", version = 5 })).ProblemAsync(HttpStatusCode.Conflict);
        await (await owner.PostAsync($"/api/deals/{Guid.NewGuid()}/won")).ProblemAsync(HttpStatusCode.NotFound);
        await (await owner.PostAsync($"/api/deals/{Guid.NewGuid()}/lost", new { reason = "x" })).ProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = app.Client();
        await anonymous.GetAsync("/api/identity/me");
        await (await anonymous.PostAsync($"/api/deals/{deal.Id()}/won")).ProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Empty(await app.OutboxAsync("DealWon", deal.Id()));
        Assert.Empty(await app.OutboxAsync("DealLost", deal.Id()));
        var (head, _) = await app.UserAsync("HeadOfSales");
        await (await head.PostAsync($"/api/deals/{deal.Id()}/won", new { version = 1 })).JsonAsync(HttpStatusCode.OK);
    }
}
