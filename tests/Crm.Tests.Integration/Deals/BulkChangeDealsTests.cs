using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// BulkChangeDeals: the table's selected deals changed at once, each by its own use case: the rights
/// apply per deal, the refused ones come back with their reason, and every changed deal gets the
/// event a single change publishes.
/// </summary>
public sealed class BulkChangeDealsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static async Task<JsonElement> BulkAsync(CrmClient client, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.PostAsync("/api/deals/bulk", body)).JsonAsync(expected);

    private static List<(Guid Id, string Reason)> Refused(JsonElement result) =>
        result.GetProperty("refused").EnumerateArray().Select(r => (r.Id(), r.Text("reason"))).ToList();

    [Fact]
    public async Task A_manager_gives_away_their_deals_and_is_told_which_of_another_managers_they_may_not()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var (colleague, colleagueId) = await app.UserAsync();
        var mine1 = (await manager.CreateDealAsync(pipeline, new { name = "Моя 1" })).Id();
        var mine2 = (await manager.CreateDealAsync(pipeline, new { name = "Моя 2" })).Id();
        var theirs = (await colleague.CreateDealAsync(pipeline, new { name = "Чужая" })).Id();
        var missing = Guid.NewGuid();

        var result = await BulkAsync(manager, new { action = "assign", ids = new[] { mine1, mine2, theirs, missing, mine1 }, responsibleId = colleagueId });

        Assert.Equal(2, result.GetProperty("changed").GetInt32());
        Assert.Equal(0, result.GetProperty("unchanged").GetInt32());
        var refused = Refused(result);
        Assert.Equal([theirs, missing], refused.Select(r => r.Id));
        Assert.All(refused, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
        Assert.Equal("Чужая", result.GetProperty("refused")[0].Text("name"));

        await using var db = await app.OpenDatabaseAsync();
        var owners = (await db.QueryAsync<(Guid Id, Guid Responsible)>(
            "select id, responsible_id from deals.deals where id = any(@Ids)", new { Ids = new[] { mine1, mine2, theirs } })).ToDictionary(r => r.Id, r => r.Responsible);
        Assert.Equal(colleagueId, owners[mine1]);
        Assert.Equal(colleagueId, owners[mine2]);
        Assert.Equal(colleagueId, owners[theirs]);
        Assert.NotEqual(managerId, owners[theirs]);
        // the event of a single hand-over, once per changed deal
        Assert.Single(await app.OutboxAsync("DealAssigned", mine1));
        Assert.Single(await app.OutboxAsync("DealAssigned", mine2));
        Assert.Empty(await app.OutboxAsync("DealAssigned", theirs));
    }

    [Fact]
    public async Task Moving_to_a_stage_changes_the_deals_of_its_pipeline_and_refuses_the_others_with_the_reason()
    {
        var pipeline = await app.PipelineAsync();
        var other = await app.PipelineAsync("Другая воронка");
        var (head, _) = await app.UserAsync("HeadOfSales");
        var first = (await head.CreateDealAsync(pipeline, new { name = "В первом" })).Id();
        var already = (await head.CreateDealAsync(pipeline, new { name = "Уже там" }, pipeline.Second)).Id();
        var elsewhere = (await head.CreateDealAsync(other, new { name = "В другой воронке" })).Id();

        var result = await BulkAsync(head, new { action = "move", ids = new[] { first, already, elsewhere }, stageId = pipeline.Second });

        Assert.Equal(1, result.GetProperty("changed").GetInt32());
        Assert.Equal(1, result.GetProperty("unchanged").GetInt32());
        Assert.Equal([elsewhere], Refused(result).Select(r => r.Id));
        Assert.Equal(pipeline.Second, (await head.DealAsync(first)).GetProperty("stageId").GetGuid());
        Assert.Equal(other.First, (await head.DealAsync(elsewhere)).GetProperty("stageId").GetGuid());
    }

    [Fact]
    public async Task Only_an_admin_deletes_in_bulk_and_bad_requests_are_400_on_their_field()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        var deal = (await manager.CreateDealAsync(pipeline, new { name = "Под удаление" })).Id();

        await (await manager.PostAsync("/api/deals/bulk", new { action = "delete", ids = new[] { deal } })).ProblemAsync(HttpStatusCode.Forbidden);
        using var admin = await app.SignedInAsync();
        var result = await BulkAsync(admin, new { action = "delete", ids = new[] { deal } });
        Assert.Equal(1, result.GetProperty("changed").GetInt32());
        await (await manager.GetAsync($"/api/deals/{deal}")).ProblemAsync(HttpStatusCode.NotFound);

        var tooMany = Enumerable.Range(0, 201).Select(_ => Guid.NewGuid()).ToArray();
        Assert.NotEmpty((await (await manager.PostAsync("/api/deals/bulk", new { action = "assign", ids = tooMany, responsibleId = Guid.NewGuid() }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("ids"));
        Assert.NotEmpty((await (await manager.PostAsync("/api/deals/bulk", new { action = "paint", ids = new[] { deal } }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("action"));
        Assert.NotEmpty((await (await manager.PostAsync("/api/deals/bulk", new { action = "move", ids = new[] { deal } }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("stageId"));
    }
}
