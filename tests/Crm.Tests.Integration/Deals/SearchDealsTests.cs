using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>GET /api/deals/search: the task dialog's picker of deals, across all pipelines.</summary>
public sealed class SearchDealsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static async Task<IReadOnlyList<JsonElement>> SearchAsync(CrmClient client, string query) =>
        (await (await client.GetAsync($"/api/deals/search?{query}")).JsonAsync(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().ToList();

    private static List<Guid> Ids(IEnumerable<JsonElement> items) => items.Select(i => i.Id()).ToList();

    private async Task<JsonElement> DealAsync(CrmClient client, TestPipeline pipeline, string name, object? more = null)
    {
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        return more is null
            ? await client.CreateDealAsync(pipeline, new { name })
            : await client.CreateDealAsync(pipeline, more);
    }

    [Fact]
    public async Task Finds_by_name_in_any_case_with_yo_as_ye_and_by_number_across_pipelines_open_first_never_deleted()
    {
        var sales = await app.PipelineAsync("Продажи");
        var partners = await app.PipelineAsync("Партнёры");
        var (manager, managerId) = await app.UserAsync();
        var closed = await DealAsync(manager, sales, "Ёлочные игрушки оптом");
        await manager.PostAsync($"/api/deals/{closed.Id()}/won");
        var open = await DealAsync(manager, partners, "Елочные гирлянды", new { name = "Елочные гирлянды", companyId = await app.CompanyAsync("ООО «Зимний склад»") });
        var deleted = await DealAsync(manager, sales, "Ёлочные шары");
        using (var admin = await app.SignedInAsync())
        {
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/deals/{deleted.Id()}")).StatusCode);
        }

        foreach (var q in new[] { "ёлочные", "ЕЛОЧНЫЕ", "лочные" })
        {
            Assert.Equal([open.Id(), closed.Id()], Ids(await SearchAsync(manager, $"q={Uri.EscapeDataString(q)}")));
        }
        var items = await SearchAsync(manager, "q=ёлочные");
        var first = items[0];
        Assert.Equal("Елочные гирлянды", first.Text("name"));
        Assert.Equal(open.GetProperty("number").GetInt64(), first.GetProperty("number").GetInt64());
        Assert.Equal(partners.Id, first.GetProperty("pipelineId").GetGuid());
        Assert.Equal("Партнёры", first.Text("pipelineName"));
        Assert.Equal(partners.First, first.GetProperty("stageId").GetGuid());
        Assert.Equal("Первичный контакт", first.Text("stageName"));
        Assert.Equal("ООО «Зимний склад»", first.Text("companyName"));
        Assert.Equal(managerId, first.GetProperty("responsibleId").GetGuid());
        Assert.False(first.GetProperty("closed").GetBoolean());
        Assert.True(items[1].GetProperty("closed").GetBoolean());
        Assert.Equal("Успешно реализовано", items[1].Text("stageName"));
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("companyName").ValueKind);

        // by the company's name (M0010), the deal's own name still ranking first
        Assert.Equal([open.Id()], Ids(await SearchAsync(manager, $"q={Uri.EscapeDataString("зимний СКЛАД")}")));

        // by number, with or without "#": that very deal first; a deleted deal never, even by its number
        var number = closed.GetProperty("number").GetInt64();
        Assert.Equal(closed.Id(), (await SearchAsync(manager, $"q={Uri.EscapeDataString($"#{number}")}"))[0].Id());
        Assert.Equal(closed.Id(), (await SearchAsync(manager, $"q={number}"))[0].Id());
        Assert.DoesNotContain(deleted.Id(), Ids(await SearchAsync(manager, $"q={deleted.GetProperty("number").GetInt64()}&limit=50")));
        Assert.Empty(await SearchAsync(manager, "q=шары"));
        Assert.Empty(await SearchAsync(manager, "q=%25"));
    }

    [Fact]
    public async Task The_best_match_comes_before_the_newest_and_the_limit_holds()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        var exact = await DealAsync(manager, pipeline, "Пастила");
        var starts = await DealAsync(manager, pipeline, "Пастила яблочная");
        var inside = await DealAsync(manager, pipeline, "Белёвская пастила");
        var newest = await DealAsync(manager, pipeline, "Пастила яблочная с корицей");

        Assert.Equal([exact.Id(), starts.Id(), newest.Id(), inside.Id()], Ids(await SearchAsync(manager, "q=пастила")));
        Assert.Equal([exact.Id(), starts.Id()], Ids(await SearchAsync(manager, "q=пастила&limit=2")));
        // one or two letters: the start of the name
        Assert.Equal([exact.Id(), starts.Id(), newest.Id()], Ids(await SearchAsync(manager, "q=па")));
        Assert.Equal([inside.Id()], Ids(await SearchAsync(manager, "q=Б")));
    }

    [Fact]
    public async Task A_custom_fields_value_finds_its_deal_after_the_deals_found_by_name()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        Guid field;
        using (var admin = await app.SignedInAsync())
        {
            field = (await (await admin.PostAsync("/api/deals/custom-fields", new { name = $"Склад {Guid.NewGuid():N}", type = "text" }))
                .JsonAsync(HttpStatusCode.Created)).Id();
        }
        var word = $"Зеленоград{Guid.NewGuid():N}"[..16];
        var byField = await DealAsync(manager, pipeline, "Поставка шин", new
        {
            name = "Поставка шин", customFields = new Dictionary<string, object> { [field.ToString()] = $"Склад «{word}» Ёлкино" },
        });
        var byName = await DealAsync(manager, pipeline, $"Доставка в {word}");

        Assert.Equal([byName.Id(), byField.Id()], Ids(await SearchAsync(manager, $"q={Uri.EscapeDataString(word.ToUpperInvariant())}")));
        Assert.Equal([byField.Id()], Ids(await SearchAsync(manager, $"q={Uri.EscapeDataString($"{word}» елкино")}")));
    }

    [Fact]
    public async Task Nothing_typed_gives_my_own_most_recently_updated_open_deals()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        var (colleague, _) = await app.UserAsync();
        var older = await DealAsync(manager, pipeline, "Моя старая");
        var newer = await DealAsync(manager, pipeline, "Моя новая");
        var won = await DealAsync(manager, pipeline, "Моя выигранная");
        await manager.PostAsync($"/api/deals/{won.Id()}/won");
        await DealAsync(colleague, pipeline, "Чужая");

        Assert.Equal([newer.Id(), older.Id()], Ids(await SearchAsync(manager, "")));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await manager.PostAsync($"/api/deals/{older.Id()}/stage", new { stageId = pipeline.Second, version = older.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal([older.Id(), newer.Id()], Ids(await SearchAsync(manager, "q=%20%20")));
        Assert.Equal([older.Id()], Ids(await SearchAsync(manager, "limit=1")));
    }

    /// <summary>
    /// A text found often among the most recently updated open deals is answered from them (the best of
    /// those); a text found only in older deals is still found, from every deal.
    /// </summary>
    [Fact]
    public async Task A_common_text_is_answered_from_the_recent_deals_and_a_rare_one_from_all()
    {
        var pipeline = await app.PipelineAsync();
        await using (var db = await app.OpenDatabaseAsync())
        {
            var user = await db.ExecuteScalarAsync<Guid>("select id from deals.users order by id limit 1");
            // Inserted oldest first: the old ones are where a scan of the trigram index's matches starts.
            await db.ExecuteAsync(
                """
                with taken as (update deals.deal_numbers set last_number = last_number + 1300 returning last_number - 1300 as base)
                insert into deals.deals (id, number, name, pipeline_id, stage_id, currency, responsible_id, created_by,
                                         created_at, updated_at, stage_entered_at, custom)
                select gen_random_uuid(), taken.base + g, x.name,
                       @Pipeline, @Stage, 'RUB', @User, @User, x.at, x.at, x.at, '{}'::jsonb
                from generate_series(1, 1300) g, taken,
                     lateral (select case when g = 1 then 'Частотный'
                                          when g <= 200 then 'Давний заказ ' || g
                                          when g % 2 = 0 then 'Частотный заказ ' || g
                                          else 'Заказ ' || g end as name,
                                     case when g <= 200 then timestamptz '2020-01-01 00:00:00+00' + g * interval '1 minute'
                                          else timestamptz '2100-01-01 00:00:00+00' + g * interval '1 minute' end as at) x
                """,
                new { Pipeline = pipeline.Id, Stage = pipeline.First, User = user });
            // Statistics as a large table has them: planned from none, the index walk would hand out the newest matches anyway.
            await db.ExecuteAsync("analyze deals.deals");
        }
        using var admin = await app.SignedInAsync();

        var common = await SearchAsync(admin, "q=частотный&limit=5");
        Assert.Equal(5, common.Count);
        // the best of the recent ones (the shortest names), not the old deal of that very name
        Assert.All(common, d => Assert.StartsWith("Частотный заказ ", d.GetProperty("name").GetString()));
        var rare = await SearchAsync(admin, "q=давний&limit=5");
        Assert.Equal(5, rare.Count);
        Assert.All(rare, d => Assert.StartsWith("Давний заказ ", d.GetProperty("name").GetString()));
        Assert.Equal(2, (await SearchAsync(admin, "q=давний%20заказ%2019&limit=50")).Count(d => d.GetProperty("name").GetString() is "Давний заказ 19" or "Давний заказ 190"));
    }

    [Fact]
    public async Task Bad_parameters_are_a_validation_problem()
    {
        using var admin = await app.SignedInAsync();
        async Task<string[]> Bad(string query, string field) =>
            (await (await admin.GetAsync($"/api/deals/search?{query}")).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors(field);

        Assert.Equal(["limit: от 1 до 50"], await Bad("q=a&limit=0", "limit"));
        Assert.Equal(["limit: от 1 до 50"], await Bad("limit=51", "limit"));
        Assert.Equal(["Не больше 200 символов для поиска"], await Bad($"q={new string('я', 201)}", "q"));
        await (await admin.GetAsync("/api/deals/search?q=a&limit=50")).JsonAsync(HttpStatusCode.OK);
    }
}
