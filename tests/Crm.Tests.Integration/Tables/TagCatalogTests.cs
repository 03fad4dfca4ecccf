using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Directory;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tables;

/// <summary>
/// The tag catalogs (BuildingBlocks Tables/Tags, mapped by Deals and Directory): names unique per kind when
/// folded (any case, «ё» = «е», blanks trimmed), colours of the palette only, a search over the folded names,
/// anyone adds a tag and only an admin renames, recolours or deletes one; a deleted tag leaves its records; the
/// list asked with <c>counts=true</c> says how many live records carry each tag.
/// </summary>
public sealed class TagCatalogTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static async Task<JsonElement> CreateAsync(CrmClient client, string module, object body) =>
        await (await client.PostAsync($"/api/{module}/tags", body)).JsonAsync(HttpStatusCode.Created);

    private static async Task<string> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        return problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
    }

    [Fact]
    public async Task A_name_taken_in_any_case_or_with_yo_is_refused_and_the_search_folds_the_same_way()
    {
        var (manager, _) = await app.UserAsync();
        var unique = Guid.NewGuid().ToString("N")[..6];
        var hedgehog = await CreateAsync(manager, "deals", new { name = $"  Ёжик {unique} ", colour = "teal" });
        Assert.Equal($"Ёжик {unique}", hedgehog.Text("name"));
        Assert.Equal("teal", hedgehog.Text("colour"));

        foreach (var taken in new[] { $"ежик {unique}", $"ЁЖИК {unique}", $"Ежик {unique}  " })
        {
            Assert.False(string.IsNullOrEmpty(await FieldErrorAsync(await manager.PostAsync("/api/deals/tags", new { name = taken }), "name")));
        }
        // the same name is another tag in another catalog, and in another kind of the same catalog
        await CreateAsync(manager, "directory", new { kind = "company", name = $"ежик {unique}" });
        await CreateAsync(manager, "directory", new { kind = "contact", name = $"ежик {unique}" });
        await FieldErrorAsync(await manager.PostAsync("/api/directory/tags", new { kind = "company", name = $"ЁЖИК {unique}" }), "name");

        var found = await (await manager.GetAsync($"/api/deals/tags?q={Uri.EscapeDataString($"ЕЖИК {unique}")}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([hedgehog.Id()], found.EnumerateArray().Select(t => t.Id()));
        var companies = await (await manager.GetAsync($"/api/directory/tags?kind=company&q={unique}")).JsonAsync(HttpStatusCode.OK);
        Assert.Single(companies.EnumerateArray());
    }

    [Fact]
    public async Task A_bad_colour_name_or_kind_is_a_400_problem_on_its_field_and_a_tag_without_a_colour_gets_one_of_the_palette()
    {
        var (manager, _) = await app.UserAsync();
        Assert.Contains("green", await FieldErrorAsync(await manager.PostAsync("/api/deals/tags", new { name = "Фуксия", colour = "magenta" }), "colour"));
        Assert.Contains("green", await FieldErrorAsync(await manager.PostAsync("/api/deals/tags", new { name = "Хекс", colour = "#ff0000" }), "colour"));
        await FieldErrorAsync(await manager.PostAsync("/api/deals/tags", new { name = "   " }), "name");
        await FieldErrorAsync(await manager.PostAsync("/api/deals/tags", new { name = new string('я', 51) }), "name");
        await FieldErrorAsync(await manager.PostAsync("/api/directory/tags", new { name = "Без вида" }), "kind");
        await FieldErrorAsync(await manager.PostAsync("/api/directory/tags", new { kind = "deal", name = "Чужой вид" }), "kind");
        await FieldErrorAsync(await manager.GetAsync("/api/deals/tags?limit=0"), "limit");

        var named = await CreateAsync(manager, "deals", new { name = new string('я', 50) });
        Assert.Contains(named.Text("colour"), new[] { "grey", "red", "orange", "yellow", "green", "teal", "blue", "indigo", "purple", "pink" });
    }

    [Fact]
    public async Task The_colour_a_name_picks_is_the_one_the_tag_picker_shows_before_creating_it()
    {
        // The front end's tagColourOf (shared/ui/tags/tags-api.ts) gives these names these colours, and its spec says so:
        // a change of the rule here must be a change there too.
        var (manager, _) = await app.UserAsync();
        foreach (var (name, colour) in new[] { ("Горячий", "green"), ("VIP", "teal"), ("  ЁЖИК ", "indigo") })
        {
            Assert.Equal(colour, (await CreateAsync(manager, "directory", new { kind = "contact", name })).Text("colour"));
        }
    }

    [Fact]
    public async Task Only_an_admin_renames_recolours_or_deletes_and_a_deleted_tag_leaves_every_deal_that_had_it()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        var (head, _) = await app.UserAsync("HeadOfSales");
        using var admin = await app.SignedInAsync();
        var unique = Guid.NewGuid().ToString("N")[..6];
        var hot = await CreateAsync(manager, "deals", new { name = $"Горячий {unique}", colour = "red" });
        var cold = await CreateAsync(manager, "deals", new { name = $"Холодный {unique}", colour = "blue" });

        await (await manager.PutAsync($"/api/deals/tags/{hot.Id()}", new { name = "Тёплый", colour = "orange" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await head.PutAsync($"/api/deals/tags/{hot.Id()}", new { name = "Тёплый", colour = "orange" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.DeleteAsync($"/api/deals/tags/{hot.Id()}")).ProblemAsync(HttpStatusCode.Forbidden);

        var renamed = await (await admin.PutAsync($"/api/deals/tags/{hot.Id()}", new { name = $"Тёплый {unique}", colour = "orange" }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(($"Тёплый {unique}", "orange"), (renamed.Text("name"), renamed.Text("colour")));
        await FieldErrorAsync(await admin.PutAsync($"/api/deals/tags/{hot.Id()}", new { name = $"ХОЛОДНЫЙ {unique}", colour = "orange" }), "name");
        await FieldErrorAsync(await admin.PutAsync($"/api/deals/tags/{hot.Id()}", new { name = $"Тёплый {unique}", colour = "beige" }), "colour");
        // its own name again, in another case: still itself
        await (await admin.PutAsync($"/api/deals/tags/{hot.Id()}", new { name = $"ТЁПЛЫЙ {unique}", colour = "orange" })).JsonAsync(HttpStatusCode.OK);

        var deal = await manager.CreateDealAsync(pipeline, new { name = "С тегами" });
        var tagged = await (await manager.PutAsync($"/api/deals/{deal.Id()}/tags", new { tagIds = new[] { hot.Id(), cold.Id() } }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/deals/tags/{hot.Id()}")).StatusCode);
        await (await admin.DeleteAsync($"/api/deals/tags/{hot.Id()}")).ProblemAsync(HttpStatusCode.NotFound);

        var after = await manager.DealAsync(deal.Id());
        Assert.Equal([cold.Id()], after.GetProperty("tags").EnumerateArray().Select(t => t.Id()));
        Assert.Equal(tagged.Version(), after.Version());
        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal([cold.Id()], await db.QuerySingleAsync<Guid[]>("select tag_ids from deals.deals where id = @Id", new { Id = deal.Id() }));
    }

    [Fact]
    public async Task Asked_with_counts_the_list_says_how_many_live_records_carry_each_tag_of_the_kind_and_without_it_says_nothing()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        using var admin = await app.SignedInAsync();
        var unique = Guid.NewGuid().ToString("N")[..6];
        var hot = await CreateAsync(manager, "deals", new { name = $"Счёт {unique} горячий" });
        var cold = await CreateAsync(manager, "deals", new { name = $"Счёт {unique} холодный" });
        var unused = await CreateAsync(manager, "deals", new { name = $"Счёт {unique} пустой" });
        async Task<Guid> DealAsync(params Guid[] tags)
        {
            var id = (await manager.CreateDealAsync(pipeline, new { name = $"Сделка {unique}" })).Id();
            await (await manager.PutAsync($"/api/deals/{id}/tags", new { tagIds = tags })).JsonAsync(HttpStatusCode.OK);
            return id;
        }
        await DealAsync(hot.Id(), cold.Id());
        await DealAsync(cold.Id(), hot.Id());
        await DealAsync(hot.Id());
        var deleted = await DealAsync(hot.Id(), cold.Id());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/deals/{deleted}")).StatusCode);

        async Task<Dictionary<string, int?>> ListAsync(string url)
        {
            var list = await (await manager.GetAsync(url)).JsonAsync(HttpStatusCode.OK);
            return list.EnumerateArray().ToDictionary(
                t => t.Text("name")!,
                t => t.TryGetProperty("records", out var n) ? n.GetInt32() : (int?)null);
        }
        var q = Uri.EscapeDataString($"Счёт {unique}");
        Assert.Equal(
            new Dictionary<string, int?> { [hot.Text("name")!] = 3, [cold.Text("name")!] = 2, [unused.Text("name")!] = 0 },
            await ListAsync($"/api/deals/tags?q={q}&counts=true"));
        // the picker's list (no counts) carries no count at all
        Assert.All((await ListAsync($"/api/deals/tags?q={q}")).Values, Assert.Null);

        // Directory counts each kind in its own table: a company's tag on companies, a contact's on contacts
        var dealer = await CreateAsync(manager, "directory", new { kind = "company", name = $"Счёт {unique} дилер" });
        var decider = await CreateAsync(manager, "directory", new { kind = "contact", name = $"Счёт {unique} ЛПР" });
        foreach (var name in new[] { "Альфа", "Бета" })
        {
            var company = await manager.CreateCompanyAsync(new { name = DirectoryKit.Unique($"ООО {name}") });
            await (await manager.PutAsync($"/api/directory/companies/{company.Id()}/tags", new { tagIds = new[] { dealer.Id() } }))
                .JsonAsync(HttpStatusCode.OK);
        }
        var gone = await manager.CreateContactAsync(new { fullName = DirectoryKit.Unique("Уходящий Пётр") });
        await (await manager.PutAsync($"/api/directory/contacts/{gone.Id()}/tags", new { tagIds = new[] { decider.Id() } })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/directory/contacts/{gone.Id()}")).StatusCode);

        Assert.Equal(
            new Dictionary<string, int?> { [dealer.Text("name")!] = 2 },
            await ListAsync($"/api/directory/tags?kind=company&q={q}&counts=true"));
        Assert.Equal(
            new Dictionary<string, int?> { [decider.Text("name")!] = 0 },
            await ListAsync($"/api/directory/tags?kind=contact&q={q}&counts=true"));
    }
}
