using System.Net;
using System.Text.Json;
using Crm.Modules.Tasks.Contracts;
using Crm.Tests.Integration.Infrastructure;
using Crm.Tests.Integration.Tasks;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// Money is never summed across currencies (ADR 0005): a board column has one budget sum per
/// currency, under every filter, and a deal's currency is an ISO 4217 code.
/// </summary>
public sealed class BudgetSumsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static async Task<JsonElement> BoardAsync(CrmClient client, TestPipeline pipeline, string query = "") =>
        await (await client.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}{query}")).JsonAsync(HttpStatusCode.OK);

    private static JsonElement Column(JsonElement board, Guid stageId) =>
        board.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stageId").GetGuid() == stageId);

    private static List<(string Currency, decimal Amount)> Sums(JsonElement column) =>
        column.GetProperty("budgetSums").EnumerateArray()
            .Select(s => (s.Text("currency"), s.GetProperty("amount").GetDecimal()))
            .ToList();

    /// <summary>
    /// The sums as a direct query over the deals computes them: per currency with a non-zero sum,
    /// the default currency (RUB) first, then by code.
    /// </summary>
    private async Task<List<(string Currency, decimal Amount)>> ExpectedAsync(Guid stageId, string where = "true", object? parameters = null)
    {
        await using var db = await app.OpenDatabaseAsync();
        var args = new DynamicParameters(parameters);
        args.Add("stageId", stageId);
        var rows = await db.QueryAsync<(string, decimal)>(
            $"""
            select currency, sum(budget) from deals.deals
            where stage_id = @stageId and deleted_at is null and {where}
            group by currency having coalesce(sum(budget), 0) <> 0
            order by currency <> 'RUB', currency
            """,
            args);
        return rows.ToList();
    }

    [Fact]
    public async Task One_thousand_dollars_and_one_thousand_roubles_in_one_stage_are_two_sums_not_two_thousand()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        await admin.CreateDealAsync(pipeline, new { name = "В долларах", budget = 1000m, currency = "USD" });
        await admin.CreateDealAsync(pipeline, new { name = "В рублях", budget = 1000m, currency = "RUB" });

        var column = Column(await BoardAsync(admin, pipeline), pipeline.First);

        Assert.Equal(2, column.GetProperty("count").GetInt64());
        Assert.Equal([("RUB", 1000m), ("USD", 1000m)], Sums(column));
        Assert.False(column.TryGetProperty("budgetSum", out _), "no single sum across currencies");
        Assert.Empty(Sums(Column(await BoardAsync(admin, pipeline), pipeline.Second)));
    }

    [Fact]
    public async Task Sums_follow_a_deal_whose_currency_or_budget_changes_and_deals_without_a_budget_add_nothing()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var usd = await admin.CreateDealAsync(pipeline, new { budget = 250m, currency = "USD" });
        await admin.CreateDealAsync(pipeline, new { budget = 100m, currency = "EUR" });
        await admin.CreateDealAsync(pipeline, new { currency = "CNY" });
        await admin.CreateDealAsync(pipeline, new { budget = 40m });

        Assert.Equal([("RUB", 40m), ("EUR", 100m), ("USD", 250m)], Sums(Column(await BoardAsync(admin, pipeline), pipeline.First)));

        // USD → EUR: the dollars are gone, the euros grow (the trigger keys its totals by currency)
        await (await admin.PutAsync($"/api/deals/{usd.Id()}", new { name = "x", budget = 250m, currency = "EUR", version = usd.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        var column = Column(await BoardAsync(admin, pipeline), pipeline.First);
        Assert.Equal(4, column.GetProperty("count").GetInt64());
        Assert.Equal([("RUB", 40m), ("EUR", 350m)], Sums(column));
        Assert.Equal(await ExpectedAsync(pipeline.First), Sums(column));
    }

    [Fact]
    public async Task Filtered_totals_by_responsible_text_and_tasks_are_per_currency()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var (manager, managerId) = await app.UserAsync();
        var mineUsd = await manager.CreateDealAsync(pipeline, new { name = "Шины", budget = 1000m, currency = "USD" });
        var mineRub = await manager.CreateDealAsync(pipeline, new { name = "Шины зимние", budget = 1000m, currency = "RUB" });
        await manager.CreateDealAsync(pipeline, new { name = "Диски", budget = 30m, currency = "EUR" });
        await admin.CreateDealAsync(pipeline, new { name = "Шины летние", budget = 7m, currency = "USD" });
        await admin.CreateDealAsync(pipeline, new { name = "Колёса", budget = 500m, currency = "KZT" });
        // an overdue task on the manager's dollar deal, a future one on the rouble deal (as Tasks announces them)
        await app.PublishAsync(
            new TaskCreated(TasksKit.StateOf(Guid.NewGuid(), 1, app.Clock.GetUtcNow().AddDays(-1), managerId, dealId: mineUsd.Id()), managerId),
            new TaskCreated(TasksKit.StateOf(Guid.NewGuid(), 1, app.Clock.GetUtcNow().AddDays(1), managerId, dealId: mineRub.Id(), text: "Написать"), managerId));
        await app.WaitForAsync("select count(*) = 2 from deals.deals where id = any(@Ids) and open_task_count = 1",
            new { Ids = new[] { mineUsd.Id(), mineRub.Id() } }, "Deals heard of both tasks");

        var cases = new (string Query, string Where, object? Parameters, List<(string, decimal)> Literal)[]
        {
            ($"&responsibleId={managerId}", "responsible_id = @managerId", new { managerId }, [("RUB", 1000m), ("EUR", 30m), ("USD", 1000m)]),
            ("&q=" + Uri.EscapeDataString("шины"), "name ilike '%шины%'", null, [("RUB", 1000m), ("USD", 1007m)]),
            ("&tasks=none", "closed_at is null and open_task_count = 0", null, [("EUR", 30m), ("KZT", 500m), ("USD", 7m)]),
            ("&tasks=overdue", "next_task_due < @now", new { now = app.Clock.GetUtcNow() }, [("USD", 1000m)]),
            ($"&tasks=none&responsibleId={managerId}", "closed_at is null and open_task_count = 0 and responsible_id = @managerId", new { managerId }, [("EUR", 30m)]),
            ($"&q=" + Uri.EscapeDataString("шины") + $"&responsibleId={managerId}", "name ilike '%шины%' and responsible_id = @managerId",
                new { managerId }, [("RUB", 1000m), ("USD", 1000m)]),
        };
        foreach (var (query, where, parameters, literal) in cases)
        {
            var column = Column(await BoardAsync(manager, pipeline, query), pipeline.First);
            Assert.Equal(literal, Sums(column));
            Assert.Equal(await ExpectedAsync(pipeline.First, where, parameters), Sums(column));
        }
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("RUR")]
    [InlineData("rub")]
    [InlineData("R1B")]
    public async Task A_currency_that_is_not_an_ISO_4217_code_is_refused_on_create_and_update(string currency)
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var created = await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = pipeline.First, budget = 1m, currency }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Валюта: код ISO 4217 заглавными буквами, например RUB, USD, EUR"], created.FieldErrors("currency"));

        var deal = await admin.CreateDealAsync(pipeline, new { budget = 1m });
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var updated = await (await admin.PutAsync($"/api/deals/{deal.Id()}", new { name = "x", budget = 1m, currency, version = deal.Version() }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Currency must be an ISO 4217 code in capitals, e.g. RUB, USD, EUR"], updated.FieldErrors("currency"));
        Assert.Equal("RUB", (await admin.DealAsync(deal.Id())).Text("currency"));
    }

    [Fact]
    public async Task A_new_deal_without_a_currency_is_in_roubles_and_any_listed_code_is_taken()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        Assert.Equal("RUB", (await admin.CreateDealAsync(pipeline, new { budget = 5m })).Text("currency"));
        foreach (var code in new[] { "USD", "EUR", "CNY", "KZT", "BYN", "AED", "JPY", "XOF" })
        {
            Assert.Equal(code, (await admin.CreateDealAsync(pipeline, new { budget = 5m, currency = code })).Text("currency"));
        }
    }
}
