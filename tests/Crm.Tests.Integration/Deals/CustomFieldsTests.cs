using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Deals;

/// <summary>ListCustomFields, CreateCustomField, UpdateCustomField, DeleteCustomField, and values checked by type on deals.</summary>
public sealed class CustomFieldsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static async Task<JsonElement> FieldAsync(CrmClient client, string name, string type, string[]? options = null) =>
        await (await client.PostAsync("/api/deals/custom-fields", new { name, type, options })).JsonAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Supervisors_define_fields_in_order_everyone_lists_them_managers_may_not_write()
    {
        var (head, _) = await app.UserAsync("HeadOfSales");
        var unique = Guid.NewGuid().ToString("N")[..6];
        var city = await FieldAsync(head, $"Город {unique}", "text");
        var size = await FieldAsync(head, $"Размер {unique}", "select", ["S", "M", "L"]);
        Assert.Equal("select", size.Text("type"));
        Assert.Equal(["S", "M", "L"], size.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(city.GetProperty("position").GetInt32() + 1, size.GetProperty("position").GetInt32());
        Assert.Equal(1, size.Version());

        var (manager, _) = await app.UserAsync();
        var list = (await (await manager.GetAsync("/api/deals/custom-fields")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Contains(list, f => f.Id() == city.Id());
        await (await manager.PostAsync("/api/deals/custom-fields", new { name = "Хак", type = "text" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.PutAsync($"/api/deals/custom-fields/{city.Id()}", new { name = "Хак", position = 0, version = 1 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.DeleteAsync($"/api/deals/custom-fields/{city.Id()}")).ProblemAsync(HttpStatusCode.Forbidden);
        using var anonymous = app.Client();
        await (await anonymous.GetAsync("/api/deals/custom-fields")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_definitions_are_refused()
    {
        using var admin = await app.SignedInAsync();
        var name = $"Поле {Guid.NewGuid():N}"[..20];
        await FieldAsync(admin, name, "number");

        async Task<JsonElement> RefusedAsync(object body) =>
            await (await admin.PostAsync("/api/deals/custom-fields", body)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty((await RefusedAsync(new { name = " ", type = "text" })).FieldErrors("name"));
        Assert.NotEmpty((await RefusedAsync(new { name = new string('n', 101), type = "text" })).FieldErrors("name"));
        Assert.NotEmpty((await RefusedAsync(new { name = "Тип", type = "color" })).FieldErrors("type"));
        Assert.NotEmpty((await RefusedAsync(new { name = "Выбор", type = "select" })).FieldErrors("options"));
        Assert.NotEmpty((await RefusedAsync(new { name = "Выбор", type = "multiselect", options = new[] { "a", "A" } })).FieldErrors("options"));
        Assert.NotEmpty((await RefusedAsync(new { name = "Текст", type = "text", options = new[] { "a" } })).FieldErrors("options"));
        Assert.Equal(["Поле с таким названием уже есть"], (await RefusedAsync(new { name = name.ToUpperInvariant(), type = "text" })).FieldErrors("name"));
    }

    [Fact]
    public async Task A_field_is_renamed_reoptioned_and_moved_a_stale_version_is_409_and_unknown_404()
    {
        using var admin = await app.SignedInAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var a = await FieldAsync(admin, $"A {tag}", "text");
        var b = await FieldAsync(admin, $"B {tag}", "select", ["x"]);
        var updated = await (await admin.PutAsync($"/api/deals/custom-fields/{b.Id()}",
            new { name = $"B2 {tag}", options = new[] { "x", "y" }, position = 0, version = 1 })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal($"B2 {tag}", updated.Text("name"));
        Assert.Equal(["x", "y"], updated.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(0, updated.GetProperty("position").GetInt32());
        Assert.Equal(2, updated.Version());

        var list = (await (await admin.GetAsync("/api/deals/custom-fields")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(b.Id(), list[0].Id());
        Assert.Equal(Enumerable.Range(0, list.Count), list.Select(f => f.GetProperty("position").GetInt32()));
        Assert.True(list.FindIndex(f => f.Id() == a.Id()) > 0);

        await (await admin.PutAsync($"/api/deals/custom-fields/{b.Id()}", new { name = "C", options = new[] { "x" }, position = 0, version = 1 }))
            .ProblemAsync(HttpStatusCode.Conflict);
        var noOptions = await (await admin.PutAsync($"/api/deals/custom-fields/{b.Id()}", new { name = "C", options = Array.Empty<string>(), position = 0, version = 2 }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(noOptions.FieldErrors("options"));
        await (await admin.PutAsync($"/api/deals/custom-fields/{Guid.NewGuid()}", new { name = "C", position = 0, version = 1 })).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/deals/custom-fields/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deal_values_are_checked_by_type_and_deleting_a_field_removes_its_values()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var text = (await FieldAsync(admin, $"Текст {tag}", "text")).Id().ToString();
        var number = (await FieldAsync(admin, $"Число {tag}", "number")).Id().ToString();
        var date = (await FieldAsync(admin, $"Дата {tag}", "date")).Id().ToString();
        var select = (await FieldAsync(admin, $"Выбор {tag}", "select", ["Опт", "Розница"])).Id().ToString();
        var multi = (await FieldAsync(admin, $"Много {tag}", "multiselect", ["A", "B", "C"])).Id().ToString();
        var check = (await FieldAsync(admin, $"Флаг {tag}", "checkbox")).Id().ToString();
        var url = (await FieldAsync(admin, $"Сайт {tag}", "url")).Id().ToString();

        var good = new Dictionary<string, object?>
        {
            [text] = "привет", [number] = 12.5, [date] = "2026-11-26", [select] = "Опт", [multi] = new[] { "A", "C" },
            [check] = true, [url] = "https://example.com/a?b=c",
        };
        var deal = await admin.CreateDealAsync(pipeline, new { customFields = good });
        var values = deal.GetProperty("customFields");
        Assert.Equal("привет", values.GetProperty(text).GetString());
        Assert.Equal(12.5m, values.GetProperty(number).GetDecimal());
        Assert.Equal(["A", "C"], values.GetProperty(multi).EnumerateArray().Select(v => v.GetString()));
        Assert.True(values.GetProperty(check).GetBoolean());

        var bad = new (string Field, object Value)[]
        {
            (text, 5), (text, new string('t', 2001)), (number, "12"), (date, "26.11.2026"), (date, "2026-02-30"), (select, "Другое"),
            (multi, "A"), (multi, new[] { "A", "Z" }), (multi, new[] { "A", "A" }), (check, "yes"), (url, "ftp://example.com"),
            (url, "example.com"), (Guid.NewGuid().ToString(), "x"), ("not-a-guid", "x"),
        };
        foreach (var (field, value) in bad)
        {
            var problem = await (await admin.PostAsync("/api/deals", new
            {
                pipelineId = pipeline.Id, stageId = pipeline.First, customFields = new Dictionary<string, object> { [field] = value },
            })).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotEmpty(problem.FieldErrors($"customFields.{field}"));
        }

        var updateProblem = await (await admin.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "x", currency = "RUB", customFields = new Dictionary<string, object> { [number] = "много" }, version = deal.Version(),
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(updateProblem.FieldErrors($"customFields.{number}"));

        var cleared = await (await admin.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "x", currency = "RUB", customFields = new Dictionary<string, object?> { [number] = 7, [text] = null }, version = deal.Version(),
        })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(7, cleared.GetProperty("customFields").GetProperty(number).GetInt32());
        Assert.False(cleared.GetProperty("customFields").TryGetProperty(text, out _));

        var kept = await (await admin.PutAsync($"/api/deals/{deal.Id()}", new { name = "y", currency = "RUB", version = cleared.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(7, kept.GetProperty("customFields").GetProperty(number).GetInt32()); // left out: kept

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/deals/custom-fields/{number}")).StatusCode);
        var after = await (await admin.GetAsync($"/api/deals/{deal.Id()}")).JsonAsync(HttpStatusCode.OK);
        Assert.False(after.GetProperty("customFields").TryGetProperty(number, out _));
        var list = (await (await admin.GetAsync("/api/deals/custom-fields")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.DoesNotContain(list, f => f.Id().ToString() == number);
        Assert.Equal(Enumerable.Range(0, list.Count), list.Select(f => f.GetProperty("position").GetInt32()));
    }
}
