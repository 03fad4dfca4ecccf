using System.Net;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Deals;

public sealed class UpdateDealTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static object Form(int version, string? name = "Новое имя", decimal? budget = 5000m, string? currency = "RUB") => new
    {
        name, budget, currency, goal = "Цель", companyId = (Guid?)null, contacts = Array.Empty<object>(),
        deadline = (string?)null, customFields = new Dictionary<string, object>(), version,
    };

    [Fact]
    public async Task The_responsible_manager_saves_the_card_and_DealUpdated_is_published()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var deal = await manager.CreateDealAsync(pipeline, new { name = "Старое имя" });

        var updated = await (await manager.PutAsync($"/api/deals/{deal.Id()}", Form(deal.Version()))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Новое имя", updated.Text("name"));
        Assert.Equal(5000m, updated.GetProperty("budget").GetDecimal());
        Assert.Equal("Цель", updated.Text("goal"));
        Assert.Equal(2, updated.Version());
        Assert.Equal(deal.GetProperty("number").GetInt64(), updated.GetProperty("number").GetInt64());
        Assert.True(updated.GetProperty("updatedAt").GetDateTimeOffset() >= deal.GetProperty("updatedAt").GetDateTimeOffset());

        var e = Assert.Single(await app.OutboxAsync("DealUpdated", deal.Id()));
        Assert.Equal("Новое имя", e.GetProperty("deal").Text("name"));
        Assert.Equal(5000m, e.GetProperty("deal").GetProperty("budget").GetDecimal());
        Assert.Equal(2, e.GetProperty("deal").Version());
        Assert.Equal(managerId, e.GetProperty("updatedBy").GetGuid());
        Assert.Equal(1, await app.HistoryCountAsync(deal.Id())); // an edit is no stage change
    }

    [Fact]
    public async Task A_blank_name_falls_back_to_Сделка_N_and_bad_fields_are_refused()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline, new { name = "Имя" });
        var updated = await (await admin.PutAsync($"/api/deals/{deal.Id()}", Form(deal.Version(), name: " "))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal($"Сделка #{deal.GetProperty("number").GetInt64()}", updated.Text("name"));

        var problem = await (await admin.PutAsync($"/api/deals/{deal.Id()}",
            Form(updated.Version(), name: new string('x', 10_000), budget: 1_000_000_000_000m, currency: "rubles"))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("name"));
        Assert.NotEmpty(problem.FieldErrors("budget"));
        Assert.NotEmpty(problem.FieldErrors("currency"));
        var unchanged = await (await admin.GetAsync($"/api/deals/{deal.Id()}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(updated.Version(), unchanged.Version());
    }

    [Fact]
    public async Task A_stale_version_is_409_and_changes_nothing()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline);
        await (await admin.PutAsync($"/api/deals/{deal.Id()}", Form(deal.Version(), name: "Первый"))).JsonAsync(HttpStatusCode.OK);
        await (await admin.PutAsync($"/api/deals/{deal.Id()}", Form(deal.Version(), name: "Второй"))).ProblemAsync(HttpStatusCode.Conflict);
        var read = await (await admin.GetAsync($"/api/deals/{deal.Id()}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Первый", read.Text("name"));
        Assert.Single(await app.OutboxAsync("DealUpdated", deal.Id()));
    }

    [Fact]
    public async Task Another_managers_deal_is_403_a_head_of_sales_may_and_unknown_is_404()
    {
        var pipeline = await app.PipelineAsync();
        var (owner, _) = await app.UserAsync();
        var deal = await owner.CreateDealAsync(pipeline);
        var (other, _) = await app.UserAsync();
        await (await other.PutAsync($"/api/deals/{deal.Id()}", Form(deal.Version()))).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty(await app.OutboxAsync("DealUpdated", deal.Id()));

        var (head, _) = await app.UserAsync("HeadOfSales");
        await (await head.PutAsync($"/api/deals/{deal.Id()}", Form(deal.Version()))).JsonAsync(HttpStatusCode.OK);

        await (await head.PutAsync($"/api/deals/{Guid.NewGuid()}", Form(1))).ProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = app.Client();
        await anonymous.GetAsync("/api/identity/me");
        await (await anonymous.PutAsync($"/api/deals/{deal.Id()}", Form(2))).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
