using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;

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
