using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// Bulk changes of "all that the filter selects": the deals a table view selects when the user confirms
/// go through the page-sized bulk change a chunk at a time in a background job acting for the user, with
/// progress, the refused deals reported, resumed after a restart from the committed progress, cancellable.
/// </summary>
public sealed class BulkJobsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static async Task<JsonElement> StartAsync(CrmClient client, object body) =>
        await (await client.PostAsync("/api/deals/bulk-jobs", body)).JsonAsync(HttpStatusCode.Accepted);

    private static async Task<JsonElement> FinishedAsync(CrmClient client, Guid job)
    {
        JsonElement state = default;
        await Eventually.TrueAsync(async () =>
        {
            state = await (await client.GetAsync($"/api/deals/bulk-jobs/{job}")).JsonAsync(HttpStatusCode.OK);
            return state.Text("status") is "done" or "cancelled" or "failed";
        }, "the bulk change job to end", TimeSpan.FromSeconds(60));
        return state;
    }

    private static async Task<List<Guid>> DealsAsync(CrmClient client, TestPipeline pipeline, string name, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await client.CreateDealAsync(pipeline, new { name = $"{name} {i}" })).Id());
        }
        return ids;
    }

    [Fact]
    public async Task A_manager_gives_away_all_the_deals_a_filter_selects_and_is_told_which_they_may_not()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        var (colleague, colleagueId) = await app.UserAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var mine = await DealsAsync(manager, pipeline, $"Опт {tag}", 120);
        var theirs = (await colleague.CreateDealAsync(pipeline, new { name = $"Опт {tag} чужая" })).Id();
        var outside = (await manager.CreateDealAsync(pipeline, new { name = "Розница" })).Id();

        var started = await StartAsync(manager, new
        {
            change = new { action = "assign", responsibleId = colleagueId },
            pipelineId = pipeline.Id,
            filters = new Dictionary<string, string> { ["f.name"] = $"~опт {tag}" },
        });
        Assert.Equal(121, started.GetProperty("total").GetInt32());
        Assert.Equal("assign", started.Text("action"));

        var done = await FinishedAsync(manager, started.Id());
        Assert.True(done.Text("status") == "done", done.GetRawText());
        Assert.Equal(121, done.GetProperty("processed").GetInt32());
        Assert.Equal(120, done.GetProperty("changed").GetInt32());
        var refused = Assert.Single(done.GetProperty("refused").EnumerateArray());
        Assert.Equal(theirs, refused.Id());
        Assert.Equal($"Опт {tag} чужая", refused.Text("name"));
        Assert.False(string.IsNullOrWhiteSpace(refused.Text("reason")));

        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(120, await db.ExecuteScalarAsync<int>(
            "select count(*) from deals.deals where id = any(@mine) and responsible_id = @colleagueId", new { mine, colleagueId }));
        Assert.NotEqual(colleagueId, await db.ExecuteScalarAsync<Guid>("select responsible_id from deals.deals where id = @outside", new { outside }));
        // the event of a single hand-over, once per deal
        Assert.Single(await app.OutboxAsync("DealAssigned", mine[0]));
        Assert.Single(await app.OutboxAsync("DealAssigned", mine[^1]));
    }

    [Fact]
    public async Task A_job_cut_off_after_a_chunk_goes_on_from_its_committed_progress_and_changes_no_deal_twice()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var deals = await DealsAsync(manager, pipeline, "Возобновление", 60);
        var id = Guid.NewGuid();
        await using (var db = await app.OpenDatabaseAsync())
        {
            // as a worker leaves it when killed after committing its first chunk of 50: running, its claim lapsed
            await db.ExecuteAsync(
                """
                insert into deals.bulk_jobs (id, created_by, role, language, command, ids, status, processed, changed, lease_until, created_at, updated_at)
                values (@id, @managerId, 'Manager', 'ru', ('{"action":"move","stageId":"' || @Second || '"}')::jsonb, @deals, 'running', 50, 50,
                        now() - interval '1 minute', now(), now())
                """,
                new { id, managerId, Second = pipeline.Second.ToString(), deals = deals.ToArray() });
        }
        var done = await FinishedAsync(manager, id);
        Assert.Equal("done", done.Text("status"));
        Assert.Equal(60, done.GetProperty("processed").GetInt32());
        Assert.Equal(60, done.GetProperty("changed").GetInt32());
        // the first 50 were "done" by the cut-off worker: this one never touched them
        await using var check = await app.OpenDatabaseAsync();
        var stages = (await check.QueryAsync<(Guid Id, Guid Stage)>("select id, stage_id from deals.deals where id = any(@deals)", new { deals = deals.ToArray() }))
            .ToDictionary(r => r.Id, r => r.Stage);
        Assert.All(deals[..50], d => Assert.Equal(pipeline.First, stages[d]));
        Assert.All(deals[50..], d => Assert.Equal(pipeline.Second, stages[d]));
    }

    [Fact]
    public async Task A_cancelled_job_stops_before_its_next_chunk_and_only_its_author_or_a_supervisor_sees_it()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var (other, _) = await app.UserAsync();
        var deals = await DealsAsync(manager, pipeline, "Отмена", 3);
        var queued = Guid.NewGuid();
        var running = Guid.NewGuid();
        await using (var db = await app.OpenDatabaseAsync())
        {
            // claimed by a worker that holds them (their claims run on), so none is taken here before the cancel
            await db.ExecuteAsync(
                """
                insert into deals.bulk_jobs (id, created_by, role, language, command, ids, status, lease_until, created_at, updated_at)
                select j.id, @managerId, 'Manager', 'ru', ('{"action":"move","stageId":"' || @Second || '"}')::jsonb, @deals, j.status,
                       now() + interval '1 hour', now(), now()
                from (values (@queued, 'queued'), (@running, 'running')) as j(id, status)
                """,
                new { managerId, Second = pipeline.Second.ToString(), deals = deals.ToArray(), queued, running });
        }
        await (await other.GetAsync($"/api/deals/bulk-jobs/{queued}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await other.PostAsync($"/api/deals/bulk-jobs/{queued}/cancel")).ProblemAsync(HttpStatusCode.NotFound);

        var cancelled = await (await manager.PostAsync($"/api/deals/bulk-jobs/{queued}/cancel")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.Text("status"));
        using var head = (await app.UserAsync("HeadOfSales")).Client;
        var asked = await (await head.PostAsync($"/api/deals/bulk-jobs/{running}/cancel")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("running", asked.Text("status"));
        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync("update deals.bulk_jobs set lease_until = now() - interval '1 minute' where id = @running", new { running });
        }
        var stopped = await FinishedAsync(manager, running);
        Assert.Equal("cancelled", stopped.Text("status"));
        Assert.Equal(0, stopped.GetProperty("processed").GetInt32());
        foreach (var deal in deals)
        {
            Assert.Equal(pipeline.First, (await manager.DealAsync(deal)).GetProperty("stageId").GetGuid());
        }
    }

    [Fact]
    public async Task Bad_jobs_are_refused_with_the_reason_on_their_field()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        await manager.CreateDealAsync(pipeline, new { name = "Под удаление" });
        async Task<JsonElement> BadAsync(object body, HttpStatusCode status = HttpStatusCode.BadRequest) =>
            await (await manager.PostAsync("/api/deals/bulk-jobs", body)).ProblemAsync(status);

        await BadAsync(new { change = new { action = "delete" }, pipelineId = pipeline.Id }, HttpStatusCode.Forbidden);
        Assert.NotEmpty((await BadAsync(new { change = new { action = "assign" }, pipelineId = pipeline.Id })).FieldErrors("change.responsibleId"));
        Assert.NotEmpty((await BadAsync(new { change = new { action = "paint" }, pipelineId = pipeline.Id })).FieldErrors("change.action"));
        Assert.NotEmpty((await BadAsync(new { pipelineId = pipeline.Id })).FieldErrors("change"));
        Assert.NotEmpty((await BadAsync(new { change = new { action = "move", stageId = pipeline.Second }, pipelineId = pipeline.Id,
            filters = new Dictionary<string, string> { ["f.nope"] = "~x" } })).FieldErrors("f.nope"));
        Assert.NotEmpty((await BadAsync(new { change = new { action = "move", stageId = pipeline.Second }, pipelineId = pipeline.Id,
            filters = new Dictionary<string, string> { ["f.name"] = "~нет такой сделки" } })).FieldErrors("filters"));
    }
}
