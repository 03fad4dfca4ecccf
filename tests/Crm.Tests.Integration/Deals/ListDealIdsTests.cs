using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// The ids of all the deals a table view selects (GET /api/deals/ids): what the front end hands another
/// module's bulk action on "all that the filter selects"; the table's own filters, at most 10,000.
/// </summary>
public sealed class ListDealIdsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static Guid[] Ids(JsonElement answer) => [.. answer.GetProperty("ids").EnumerateArray().Select(e => e.GetGuid())];

    [Fact]
    public async Task The_ids_are_those_of_the_deals_the_views_pipeline_and_filters_select()
    {
        var pipeline = await app.PipelineAsync();
        var other = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var wanted = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            wanted.Add((await manager.CreateDealAsync(pipeline, new { name = $"Опт {tag} {i}", budget = 100 + i })).Id());
        }
        await manager.CreateDealAsync(pipeline, new { name = $"Опт {tag} дорогая", budget = 5000 });
        await manager.CreateDealAsync(pipeline, new { name = $"Розница {tag}" });
        await manager.CreateDealAsync(other, new { name = $"Опт {tag} в другой воронке" });
        var deleted = (await manager.CreateDealAsync(pipeline, new { name = $"Опт {tag} удалена", budget = 100 })).Id();
        using var admin = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/deals/{deleted}")).StatusCode);

        var ids = Ids(await (await manager.GetAsync(
            $"/api/deals/ids?pipelineId={pipeline.Id}&f.name={Uri.EscapeDataString($"~опт {tag}")}&f.budget=..1000")).JsonAsync(HttpStatusCode.OK));
        Assert.Equal(wanted.Order(), ids);

        var everywhere = Ids(await (await manager.GetAsync($"/api/deals/ids?f.name={Uri.EscapeDataString($"~опт {tag}")}")).JsonAsync(HttpStatusCode.OK));
        Assert.Equal(5, everywhere.Length);

        Assert.NotEmpty((await (await manager.GetAsync("/api/deals/ids?f.nope=~x")).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("f.nope"));
    }

    [Fact]
    public async Task More_than_ten_thousand_deals_is_a_400_on_filters()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        var seed = (await manager.CreateDealAsync(pipeline, new { name = "Размножена" })).Id();
        await using (var db = await app.OpenDatabaseAsync())
        {
            // 10,000 more rows like it, straight in the table (its generated columns left to it)
            var columns = await db.ExecuteScalarAsync<string>(
                """
                select string_agg(quote_ident(column_name), ', ' order by ordinal_position) from information_schema.columns
                where table_schema = 'deals' and table_name = 'deals' and is_generated = 'NEVER' and generation_expression is null
                """);
            await db.ExecuteAsync(
                $"""
                insert into deals.deals ({columns})
                select {columns} from (
                    select (jsonb_populate_record(d, jsonb_build_object('id', gen_random_uuid(), 'number', 1000000 + g))).*
                    from deals.deals d, generate_series(1, 10000) g where d.id = @seed) copies
                """,
                new { seed });
        }
        var all = await (await manager.GetAsync($"/api/deals/ids?pipelineId={pipeline.Id}")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(all.FieldErrors("filters"));
        var number = (await manager.DealAsync(seed)).GetProperty("number").GetInt32();
        var narrowed = Ids(await (await manager.GetAsync($"/api/deals/ids?pipelineId={pipeline.Id}&f.number={number}..{number}")).JsonAsync(HttpStatusCode.OK));
        Assert.Equal([seed], narrowed);
    }
}
