using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Deals;

/// <summary>GET /api/deals?companyId=|contactId=: a company's or contact's deals for its card in the Lists.</summary>
public sealed class ListLinkedDealsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.Id()).ToList();

    [Fact]
    public async Task A_companys_deals_newest_first_a_page_at_a_time_without_deleted_ones()
    {
        var pipeline = await app.PipelineAsync();
        var companyId = await app.CompanyAsync("ООО «Много сделок»");
        var other = await app.CompanyAsync("Другая");
        using var admin = await app.SignedInAsync();
        var oldest = await admin.CreateDealAsync(pipeline, new { name = "Первая", budget = 100m, companyId });
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var middle = await admin.CreateDealAsync(pipeline, new { name = "Вторая", companyId });
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var deleted = await admin.CreateDealAsync(pipeline, new { name = "Удалённая", companyId });
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var newest = await admin.CreateDealAsync(pipeline, new { name = "Третья", companyId });
        await admin.CreateDealAsync(pipeline, new { name = "Чужая", companyId = other });
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/deals/{deleted.Id()}")).StatusCode);
        await admin.PostAsync($"/api/deals/{oldest.Id()}/won");

        var all = await (await admin.GetAsync($"/api/deals?companyId={companyId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, all.GetProperty("total").GetInt64());
        Assert.Equal([newest.Id(), middle.Id(), oldest.Id()], Ids(all));
        var item = all.GetProperty("items")[2];
        Assert.Equal("Первая", item.Text("name"));
        Assert.Equal(oldest.GetProperty("number").GetInt64(), item.GetProperty("number").GetInt64());
        Assert.Equal(pipeline.Id, item.GetProperty("pipelineId").GetGuid());
        Assert.Equal(pipeline.Won, item.GetProperty("stageId").GetGuid());
        Assert.Equal(100m, item.GetProperty("budget").GetDecimal());
        Assert.Equal("RUB", item.Text("currency"));
        Assert.Equal(oldest.GetProperty("responsibleId").GetGuid(), item.GetProperty("responsibleId").GetGuid());
        Assert.NotEqual(JsonValueKind.Null, item.GetProperty("closedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, all.GetProperty("items")[0].GetProperty("closedAt").ValueKind);
        Assert.Equal(JsonValueKind.String, item.GetProperty("updatedAt").ValueKind);

        var second = await (await admin.GetAsync($"/api/deals?companyId={companyId}&page=2&pageSize=2")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, second.GetProperty("total").GetInt64());
        Assert.Equal([oldest.Id()], Ids(second));

        var unknown = await (await admin.GetAsync($"/api/deals?companyId={Guid.NewGuid()}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, unknown.GetProperty("total").GetInt64());
        Assert.Empty(Ids(unknown));
    }

    [Fact]
    public async Task A_contacts_deals_whether_main_or_not()
    {
        var pipeline = await app.PipelineAsync();
        var contactId = await app.ContactAsync("Во многих сделках");
        var (manager, _) = await app.UserAsync();
        var asMain = await manager.CreateDealAsync(pipeline, new { contacts = new[] { new { contactId } } });
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var asSecond = await manager.CreateDealAsync(pipeline, new { contacts = new object[] { new { contactId = await app.ContactAsync("Главный") }, new { contactId } } });
        await manager.CreateDealAsync(pipeline, new { contacts = new[] { new { contactId = await app.ContactAsync("Посторонний") } } });

        var page = await (await manager.GetAsync($"/api/deals?contactId={contactId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, page.GetProperty("total").GetInt64());
        Assert.Equal([asSecond.Id(), asMain.Id()], Ids(page));
    }

    // Without either, GET /api/deals is the deals table (ListDealsTests), no longer a 400.
    [Theory]
    [InlineData("?companyId={0}&contactId={0}")]
    [InlineData("?companyId={0}&pageSize=201")]
    [InlineData("?companyId={0}&page=0")]
    public async Task Either_a_company_or_a_contact_and_a_sane_page(string query)
    {
        using var admin = await app.SignedInAsync();
        var response = await admin.GetAsync("/api/deals" + string.Format(System.Globalization.CultureInfo.InvariantCulture, query, Guid.NewGuid()));
        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        using var anonymous = app.Client();
        await (await anonymous.GetAsync($"/api/deals?companyId={Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
