using System.Net;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Deals;

public sealed class GetDealTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task Everyone_signed_in_reads_any_deal()
    {
        var pipeline = await app.PipelineAsync();
        var (owner, _) = await app.UserAsync();
        var deal = await owner.CreateDealAsync(pipeline, new { name = "Чужая сделка" });
        var (other, _) = await app.UserAsync();
        var read = await (await other.GetAsync($"/api/deals/{deal.Id()}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Чужая сделка", read.Text("name"));
        Assert.Equal(deal.GetProperty("stageEnteredAt").GetDateTimeOffset(), read.GetProperty("stageEnteredAt").GetDateTimeOffset());
        Assert.Equal(System.Text.Json.JsonValueKind.Object, read.GetProperty("customFields").ValueKind);
    }

    [Fact]
    public async Task An_unknown_deal_is_404_and_anonymous_callers_get_401()
    {
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.GetAsync($"/api/deals/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Сделка не найдена", problem.Text("detail"));
        using var anonymous = app.Client();
        await (await anonymous.GetAsync($"/api/deals/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
