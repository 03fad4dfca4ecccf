using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;
using Crm.Tests.Integration.Tables;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// Tags on deals: SetDealTags (the whole set from the card, the rights of a change, the version, the event
/// carrying the tags), the deals table's <c>f.tags</c> (in, empty, !empty) against real deals, the tags in the
/// rows and in the export, and the bulk «Добавить тег» with a refused deal.
/// </summary>
public sealed class DealTagsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static async Task<Guid> TagAsync(CrmClient client, string name, string colour = "green") =>
        (await (await client.PostAsync("/api/deals/tags", new { name = $"{name} {Guid.NewGuid():N}"[..30], colour })).JsonAsync(HttpStatusCode.Created)).Id();

    private static List<Guid> TagIds(JsonElement json) => json.GetProperty("tags").EnumerateArray().Select(t => t.Id()).ToList();

    [Fact]
    public async Task A_manager_sets_the_tags_of_their_deal_in_order_and_the_deal_event_carries_them()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        var (colleague, _) = await app.UserAsync();
        var urgent = await TagAsync(manager, "Срочно", "red");
        var vip = await TagAsync(manager, "VIP", "purple");
        var deal = await manager.CreateDealAsync(pipeline, new { name = "Тегируемая" });

        var set = await (await manager.PutAsync($"/api/deals/{deal.Id()}/tags", new { tagIds = new[] { vip, urgent, vip }, version = deal.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal([vip, urgent], TagIds(set));
        Assert.Equal("purple", set.GetProperty("tags")[0].Text("colour"));
        Assert.Equal(deal.Version() + 1, set.Version());
        var card = await manager.DealAsync(deal.Id());
        Assert.Equal([vip, urgent], TagIds(card));
        Assert.Equal(set.Version(), card.Version());
        var updated = (await app.OutboxAsync("DealUpdated", deal.Id()))[^1];
        Assert.Equal([vip, urgent], updated.GetProperty("deal").GetProperty("tagIds").EnumerateArray().Select(t => t.GetGuid()));

        // the same set again changes nothing; a stale version is a conflict; an unknown tag is a 400
        var again = await (await manager.PutAsync($"/api/deals/{deal.Id()}/tags", new { tagIds = new[] { vip, urgent } })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(set.Version(), again.Version());
        await (await manager.PutAsync($"/api/deals/{deal.Id()}/tags", new { tagIds = new[] { vip }, version = deal.Version() }))
            .ProblemAsync(HttpStatusCode.Conflict);
        var unknown = await (await manager.PutAsync($"/api/deals/{deal.Id()}/tags", new { tagIds = new[] { Guid.NewGuid() } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(unknown.FieldErrors("tagIds"));
        var companyTag = (await (await manager.PostAsync("/api/directory/tags", new { kind = "company", name = $"Чужой {Guid.NewGuid():N}"[..20] }))
            .JsonAsync(HttpStatusCode.Created)).Id();
        await (await manager.PutAsync($"/api/deals/{deal.Id()}/tags", new { tagIds = new[] { companyTag } })).ProblemAsync(HttpStatusCode.BadRequest);
        // another manager may not tag it
        await (await colleague.PutAsync($"/api/deals/{deal.Id()}/tags", new { tagIds = Array.Empty<Guid>() })).ProblemAsync(HttpStatusCode.Forbidden);

        var cleared = await (await manager.PutAsync($"/api/deals/{deal.Id()}/tags", new { tagIds = Array.Empty<Guid>() })).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(TagIds(cleared));
    }

    [Fact]
    public async Task The_table_filters_by_any_of_the_tags_given_by_none_or_by_some_and_the_rows_and_export_show_them()
    {
        var pipeline = await app.PipelineAsync();
        var (head, _) = await app.UserAsync("HeadOfSales");
        var red = await TagAsync(head, "Красный", "red");
        var blue = await TagAsync(head, "Синий", "blue");
        var green = await TagAsync(head, "Зелёный");
        async Task<Guid> DealAsync(string name, params Guid[] tags)
        {
            var id = (await head.CreateDealAsync(pipeline, new { name })).Id();
            if (tags.Length > 0)
            {
                await (await head.PutAsync($"/api/deals/{id}/tags", new { tagIds = tags })).JsonAsync(HttpStatusCode.OK);
            }
            return id;
        }
        await DealAsync("Красная", red);
        await DealAsync("Сине-красная", blue, red);
        await DealAsync("Синяя", blue);
        await DealAsync("Без тегов");
        async Task<List<string>> NamesAsync(string filter)
        {
            var page = await (await head.GetAsync($"/api/deals?pipelineId={pipeline.Id}&sort=name&f.tags={Uri.EscapeDataString(filter)}"))
                .JsonAsync(HttpStatusCode.OK);
            return page.GetProperty("items").EnumerateArray().Select(i => i.Text("name")).ToList();
        }

        Assert.Equal(["Красная", "Сине-красная"], await NamesAsync($"in:{red}"));
        Assert.Equal(["Красная", "Сине-красная", "Синяя"], await NamesAsync($"in:{red},{blue}"));
        Assert.Empty(await NamesAsync($"in:{green}"));
        Assert.Equal(["Без тегов"], await NamesAsync("empty"));
        Assert.Equal(["Красная", "Сине-красная", "Синяя"], await NamesAsync("!empty"));
        var bad = await (await head.GetAsync($"/api/deals?pipelineId={pipeline.Id}&f.tags=in:красный")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(bad.FieldErrors("f.tags"));

        var page = await (await head.GetAsync($"/api/deals?pipelineId={pipeline.Id}&sort=name&f.tags=in:{blue}")).JsonAsync(HttpStatusCode.OK);
        var both = page.GetProperty("items")[0];
        Assert.Equal("Сине-красная", both.Text("name"));
        Assert.Equal([blue, red], TagIds(both));
        Assert.Equal(["blue", "red"], both.GetProperty("tags").EnumerateArray().Select(t => t.Text("colour")));
        Assert.Equal(2, page.GetProperty("total").GetInt64());

        var rows = ExportFiles.Csv(await (await head.GetAsync(
            $"/api/deals/export?pipelineId={pipeline.Id}&sort=name&f.tags=!empty&format=csv&cols=name,tags")).DownloadAsync("text/csv"), ',');
        Assert.Equal(["Название", "Теги"], rows[0]);
        var blueName = (await (await head.GetAsync($"/api/deals/tags?q={Uri.EscapeDataString("Синий")}")).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().Single(t => t.Id() == blue).Text("name");
        var redName = (await (await head.GetAsync($"/api/deals/tags?q={Uri.EscapeDataString("Красный")}")).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().Single(t => t.Id() == red).Text("name");
        Assert.Equal(["Красная", redName], rows[1]);
        Assert.Equal(["Сине-красная", $"{blueName}, {redName}"], rows[2]);
    }

    [Fact]
    public async Task Bulk_add_tag_tags_the_deals_the_user_may_change_leaves_those_that_have_it_and_reports_the_refused()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        var (colleague, _) = await app.UserAsync();
        var tag = await TagAsync(manager, "Пакетный");
        var other = await TagAsync(manager, "Другой");
        var mine = (await manager.CreateDealAsync(pipeline, new { name = "Моя" })).Id();
        var tagged = (await manager.CreateDealAsync(pipeline, new { name = "Уже с тегом" })).Id();
        await (await manager.PutAsync($"/api/deals/{tagged}/tags", new { tagIds = new[] { other, tag } })).JsonAsync(HttpStatusCode.OK);
        var theirs = (await colleague.CreateDealAsync(pipeline, new { name = "Чужая" })).Id();

        var result = await (await manager.PostAsync("/api/deals/bulk", new { action = "addTag", ids = new[] { mine, tagged, theirs }, tagId = tag }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, result.GetProperty("changed").GetInt32());
        Assert.Equal(1, result.GetProperty("unchanged").GetInt32());
        var refused = result.GetProperty("refused").EnumerateArray().ToList();
        Assert.Equal([theirs], refused.Select(r => r.Id()));
        Assert.False(string.IsNullOrWhiteSpace(refused[0].Text("reason")));
        Assert.Equal([tag], TagIds(await manager.DealAsync(mine)));
        Assert.Equal([other, tag], TagIds(await manager.DealAsync(tagged)));
        Assert.Empty(TagIds(await manager.DealAsync(theirs)));
        Assert.Single(await app.OutboxAsync("DealUpdated", mine));

        var noTag = await (await manager.PostAsync("/api/deals/bulk", new { action = "addTag", ids = new[] { mine } })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(noTag.FieldErrors("tagId"));
        // a tag that is not in the catalog: each deal refused with the reason
        var unknown = await (await manager.PostAsync("/api/deals/bulk", new { action = "addTag", ids = new[] { mine }, tagId = Guid.NewGuid() }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal([mine], unknown.GetProperty("refused").EnumerateArray().Select(r => r.Id()));
        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal([tag], await db.QuerySingleAsync<Guid[]>("select tag_ids from deals.deals where id = @mine", new { mine }));
    }
}
