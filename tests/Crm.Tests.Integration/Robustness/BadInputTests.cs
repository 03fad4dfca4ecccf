using System.Net;
using System.Text;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Robustness;

/// <summary>
/// Input the app never stores (NUL, lone surrogates, nulls in lists), bodies that are not JSON, the
/// wrong content type and a missing version: a 400/415 problem naming the field, never a 500, nothing written.
/// </summary>
public sealed class BadInputTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<long> CountAsync(string table)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<long>($"select count(*) from {table}");
    }

    [Fact]
    public async Task Nul_in_an_anonymous_sign_in_is_a_400_naming_the_field()
    {
        using var anonymous = app.Client();
        await anonymous.GetAsync("/api/identity/me"); // the XSRF cookie, as the app gets it on start
        var response = await anonymous.Http.PostAsync("/api/identity/sign-in", Json("""{"email":"a\u0000b","password":"x12345678"}"""));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("email"));
    }

    [Theory]
    [InlineData("""{"name":"x","phones":[null]}""", "phones[0]")]
    [InlineData("""{"name":"x","emails":[{"email":"a@b.ru"},null]}""", "emails[1]")]
    [InlineData("""{"name":"x\ud800y"}""", "name")]
    [InlineData("""{"name":"x\udc00"}""", "name")]
    [InlineData("""{"name":"x","phones":[{"number":"1\u0000"}]}""", "phones[0].number")]
    public async Task A_company_with_a_null_item_or_text_postgres_refuses_is_a_400_and_nothing_is_written(string body, string field)
    {
        using var admin = await app.SignedInAsync();
        var before = await CountAsync("directory.companies");
        var problem = await (await admin.Http.PostAsync("/api/directory/companies", Json(body))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors(field));
        Assert.Equal(before, await CountAsync("directory.companies"));
    }

    [Fact]
    public async Task A_null_phone_in_a_company_update_is_a_400_and_the_company_is_unchanged()
    {
        using var admin = await app.SignedInAsync();
        var created = await (await admin.PostAsync("/api/directory/companies", new { name = "Ромашка" })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var response = await admin.Http.PutAsync($"/api/directory/companies/{id}", Json("""{"name":"Ромашка 2","phones":[null],"version":1}"""));
        Assert.NotEmpty((await response.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("phones[0]"));
        var company = await (await admin.GetAsync($"/api/directory/companies/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Ромашка", company.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_deal_custom_field_is_a_400_and_no_deal_is_written()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await app.PipelineAsync();
        var field = await (await admin.PostAsync("/api/deals/custom-fields", new { name = "Заметка", type = "text" })).JsonAsync(HttpStatusCode.Created);
        var key = field.GetProperty("id").GetString();
        var before = await CountAsync("deals.deals");
        var body = $$$"""{"pipelineId":"{{{pipeline.Id}}}","stageId":"{{{pipeline.First}}}","customFields":{"{{{key}}}":"\ud800"}}""";
        var problem = await (await admin.Http.PostAsync("/api/deals", Json(body))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors($"customFields.{key}"));
        Assert.Equal(before, await CountAsync("deals.deals"));
    }

    [Theory]
    [InlineData("/api/deals/board?q=a%00b")]
    [InlineData("/api/deals/search?q=a%00b")]
    [InlineData("/api/deals?q=a%00b")]
    [InlineData("/api/directory/suggest?q=a%00b")]
    [InlineData("/api/directory/companies?q=a%00b")]
    [InlineData("/api/directory/contacts?q=a%00b")]
    [InlineData("/api/tasks?q=a%00b")]
    public async Task Nul_in_a_search_is_a_400_naming_q(string url)
    {
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("q"));
    }

    [Fact]
    public async Task Malformed_json_is_a_localized_400_saying_where()
    {
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.Http.PostAsync("/api/directory/companies", Json("""{"name":"x",""")))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var message = Assert.Single(problem.FieldErrors("body"));
        Assert.Contains("не корректный JSON", message, StringComparison.Ordinal);
        Assert.Contains("строка 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_a_400_naming_the_field()
    {
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.Http.PostAsync("/api/directory/companies", Json("""{"name":5}""")))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("name"));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        using var admin = await app.SignedInAsync();
        var response = await admin.Http.PostAsync("/api/directory/companies", new StringContent("name=x", Encoding.UTF8, "text/plain"));
        var problem = await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Неподдерживаемый формат", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_put_without_version_is_a_400_naming_version()
    {
        using var admin = await app.SignedInAsync();
        var created = await (await admin.PostAsync("/api/directory/companies", new { name = "Лютик" })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var problem = await (await admin.PutAsync($"/api/directory/companies/{id}", new { name = "Лютик 2" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("version"));
    }
}
