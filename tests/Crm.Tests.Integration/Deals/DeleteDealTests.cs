using System.Net;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

public sealed class DeleteDealTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task The_admin_deletes_softly_the_deal_leaves_the_board_and_DealDeleted_is_published()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline, new { budget = 100 });
        var kept = await admin.CreateDealAsync(pipeline, new { budget = 7 });

        var response = await admin.DeleteAsync($"/api/deals/{deal.Id()}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        await (await admin.GetAsync($"/api/deals/{deal.Id()}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/deals/{deal.Id()}")).ProblemAsync(HttpStatusCode.NotFound);
        var board = await (await admin.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}")).JsonAsync(HttpStatusCode.OK);
        var column = board.GetProperty("stages")[1];
        Assert.Equal(1, column.GetProperty("count").GetInt64());
        Assert.Equal(7m, column.RoubleSum());
        Assert.Equal(kept.Id(), Assert.Single(column.GetProperty("cards").EnumerateArray()).Id());

        var e = Assert.Single(await app.OutboxAsync("DealDeleted", deal.Id()));
        Assert.Equal(pipeline.First, e.GetProperty("deal").GetProperty("stageId").GetGuid());
        Assert.Equal("deleted", e.GetProperty("deal").Text("status"));
        Assert.Equal(2, e.GetProperty("deal").Version());
        await using var db = await app.OpenDatabaseAsync();
        Assert.True(await db.ExecuteScalarAsync<bool>("select deleted_at is not null from deals.deals where id = @Id", new { Id = deal.Id() }));
        Assert.Equal(1, await app.HistoryCountAsync(deal.Id())); // history stays
    }

    [Fact]
    public async Task Only_the_admin_deletes()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        var deal = await manager.CreateDealAsync(pipeline);
        await (await manager.DeleteAsync($"/api/deals/{deal.Id()}")).ProblemAsync(HttpStatusCode.Forbidden);
        var (head, _) = await app.UserAsync("HeadOfSales");
        await (await head.DeleteAsync($"/api/deals/{deal.Id()}")).ProblemAsync(HttpStatusCode.Forbidden);
        using var anonymous = app.Client();
        await anonymous.GetAsync("/api/identity/me");
        await (await anonymous.DeleteAsync($"/api/deals/{deal.Id()}")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await manager.GetAsync($"/api/deals/{deal.Id()}")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(await app.OutboxAsync("DealDeleted", deal.Id()));
    }
}
