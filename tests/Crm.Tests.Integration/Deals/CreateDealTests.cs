using System.Net;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

public sealed class CreateDealTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_manager_creates_a_full_deal_and_becomes_responsible_with_history_and_DealCreated()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var deal = await manager.CreateDealAsync(pipeline, new
        {
            name = "  Поставка шин  ",
            budget = 150000.5m,
            currency = "USD",
            goal = "Договориться о пробной партии",
            companyId = await app.CompanyAsync("ООО Ромашка"),
            contacts = new[] { new { contactId = await app.ContactAsync("Пётр") } },
            deadline = "2026-12-31T12:00:00Z",
        });

        Assert.Equal("Поставка шин", deal.Text("name"));
        Assert.Equal(150000.50m, deal.GetProperty("budget").GetDecimal());
        Assert.Equal("150000.50", deal.GetProperty("budget").GetRawText());
        Assert.Equal("USD", deal.Text("currency"));
        Assert.Equal("Договориться о пробной партии", deal.Text("goal"));
        Assert.Equal("ООО Ромашка", deal.Text("companyName"));
        var contact = Assert.Single(deal.GetProperty("contacts").EnumerateArray());
        Assert.Equal("Пётр", contact.Text("name"));
        Assert.True(contact.GetProperty("isMain").GetBoolean());
        Assert.Equal(managerId, deal.GetProperty("responsibleId").GetGuid());
        Assert.Equal(managerId, deal.GetProperty("createdBy").GetGuid());
        Assert.Equal(pipeline.Id, deal.GetProperty("pipelineId").GetGuid());
        Assert.Equal(pipeline.First, deal.GetProperty("stageId").GetGuid());
        Assert.Equal(1, deal.Version());
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 12, 0, 0, TimeSpan.Zero), deal.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, deal.GetProperty("closedAt").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, deal.GetProperty("lossReason").ValueKind);

        var read = await (await manager.GetAsync($"/api/deals/{deal.Id()}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(deal.GetProperty("number").GetInt64(), read.GetProperty("number").GetInt64());

        var created = Assert.Single(await app.OutboxAsync("DealCreated", deal.Id()));
        Assert.Equal(managerId, created.GetProperty("createdBy").GetGuid());
        var state = created.GetProperty("deal");
        Assert.Equal(1, state.Version());
        Assert.Equal(deal.GetProperty("number").GetInt64(), state.GetProperty("number").GetInt64());
        Assert.Equal("Поставка шин", state.Text("name"));
        Assert.Equal("open", state.Text("status"));
        Assert.Equal(150000.5m, state.GetProperty("budget").GetDecimal());
        Assert.Equal("USD", state.Text("currency"));
        Assert.Equal(managerId, state.GetProperty("responsibleId").GetGuid());
        Assert.Equal(pipeline.Id, state.GetProperty("pipelineId").GetGuid());
        Assert.Equal(pipeline.First, state.GetProperty("stageId").GetGuid());
        Assert.Equal(deal.GetProperty("companyId").GetGuid(), state.GetProperty("companyId").GetGuid());
        Assert.Equal(contact.GetProperty("contactId").GetGuid(), Assert.Single(state.GetProperty("contactIds").EnumerateArray()).GetGuid());
        Assert.Empty(await app.OutboxAsync("DealStageChanged", deal.Id()));

        await using var db = await app.OpenDatabaseAsync();
        var history = await db.QuerySingleAsync<(Guid? From, Guid To, Guid By)>(
            "select from_stage_id, to_stage_id, changed_by from deals.stage_history where deal_id = @Id", new { Id = deal.Id() });
        Assert.Null(history.From);
        Assert.Equal(pipeline.First, history.To);
        Assert.Equal(managerId, history.By);
    }

    [Fact]
    public async Task Quick_add_without_a_name_gets_Сделка_N_and_defaults_to_RUB()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var empty = await admin.CreateDealAsync(pipeline, new { name = "" });
        var blank = await admin.CreateDealAsync(pipeline, new { name = "   ", budget = 1000 }, pipeline.Second);
        var missing = await admin.CreateDealAsync(pipeline);

        Assert.Equal($"Сделка #{empty.GetProperty("number").GetInt64()}", empty.Text("name"));
        Assert.Equal($"Сделка #{blank.GetProperty("number").GetInt64()}", blank.Text("name"));
        Assert.Equal($"Сделка #{missing.GetProperty("number").GetInt64()}", missing.Text("name"));
        Assert.True(blank.GetProperty("number").GetInt64() > empty.GetProperty("number").GetInt64());
        Assert.Equal("RUB", empty.Text("currency"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, empty.GetProperty("budget").ValueKind);
        Assert.Equal(pipeline.Second, blank.GetProperty("stageId").GetGuid());
    }

    [Fact]
    public async Task Bad_fields_get_a_message_each()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.PostAsync("/api/deals", new
        {
            pipelineId = pipeline.Id,
            stageId = pipeline.First,
            name = new string('я', 10_000),
            budget = -1,
            currency = "rub",
            goal = new string('g', 2001),
            companyName = "ООО «Без id»",
            contacts = new[] { new { name = "Без id" } },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Название: не больше 255 символов"], problem.FieldErrors("name"));
        Assert.NotEmpty(problem.FieldErrors("budget"));
        Assert.NotEmpty(problem.FieldErrors("currency"));
        Assert.NotEmpty(problem.FieldErrors("goal"));
        Assert.Equal(["Выберите компанию из Списков или добавьте её туда"], problem.FieldErrors("companyName"));
        Assert.Equal(["Выберите контакт из Списков или добавьте его туда"], problem.FieldErrors("contacts[0].contactId"));

        var missing = await (await admin.PostAsync("/api/deals", new { name = "x" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(missing.FieldErrors("pipelineId"));
        Assert.NotEmpty(missing.FieldErrors("stageId"));

        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from deals.deals where pipeline_id = @Id", new { pipeline.Id }));
    }

    [Theory]
    [InlineData("1000000000000")]
    [InlineData("999999999999.999")]
    [InlineData("-0.01")]
    public async Task Budgets_out_of_range_are_refused(string budget)
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var json = $$"""{ "pipelineId": "{{pipeline.Id}}", "stageId": "{{pipeline.First}}", "budget": {{budget}} }""";
        var response = await admin.Http.PostAsync("/api/deals", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Бюджет: от 0 до 999 999 999 999,99, не больше двух знаков после запятой"], problem.FieldErrors("budget"));
    }

    [Fact]
    public async Task The_largest_budget_fits_and_an_absurd_one_is_a_bad_request()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline, new { budget = 999_999_999_999.99m, currency = "EUR" });
        Assert.Equal(999_999_999_999.99m, deal.GetProperty("budget").GetDecimal());

        var json = $$"""{ "pipelineId": "{{pipeline.Id}}", "stageId": "{{pipeline.First}}", "budget": 1e40 }""";
        var response = await admin.Http.PostAsync("/api/deals", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("RU")]
    [InlineData("RUBL")]
    [InlineData("rub")]
    [InlineData("R1B")]
    public async Task A_currency_is_three_capital_letters(string currency)
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = pipeline.First, currency }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("currency"));
    }

    [Fact]
    public async Task The_stage_must_exist_belong_to_the_pipeline_and_not_be_closing()
    {
        var pipeline = await app.PipelineAsync();
        var other = await app.PipelineAsync("Другая воронка");
        using var admin = await app.SignedInAsync();

        async Task<string[]> StageErrorAsync(Guid stageId) =>
            (await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId })).ProblemAsync(HttpStatusCode.BadRequest))
            .FieldErrors("stageId");

        Assert.Equal(["Такого этапа нет"], await StageErrorAsync(Guid.NewGuid()));
        Assert.Equal(["Этап из другой воронки"], await StageErrorAsync(other.First));
        Assert.NotEmpty(await StageErrorAsync(pipeline.Won));
        Assert.NotEmpty(await StageErrorAsync(pipeline.Lost));

        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from deals.deals where pipeline_id = @Id", new { pipeline.Id }));
    }

    [Fact]
    public async Task An_archived_pipeline_takes_no_new_deals()
    {
        var pipeline = await app.PipelineAsync();
        await app.PublishAsync(new Crm.Modules.Pipelines.Contracts.PipelineUpdated(pipeline.State(2, "В архиве", archived: true)));
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<bool>("select archived from deals.pipelines where id = @Id", new { pipeline.Id });
        }, "archived in the copy");
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = pipeline.First }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("pipelineId"));
    }

    [Fact]
    public async Task A_manager_cannot_create_a_deal_for_someone_else_but_a_head_of_sales_can()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var (_, colleagueId) = await app.UserAsync();
        await (await manager.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = pipeline.First, responsibleId = colleagueId }))
            .ProblemAsync(HttpStatusCode.Forbidden);
        var own = await manager.CreateDealAsync(pipeline, new { responsibleId = managerId });
        Assert.Equal(managerId, own.GetProperty("responsibleId").GetGuid());

        var (head, headId) = await app.UserAsync("HeadOfSales");
        var given = await head.CreateDealAsync(pipeline, new { responsibleId = colleagueId });
        Assert.Equal(colleagueId, given.GetProperty("responsibleId").GetGuid());
        Assert.Equal(headId, given.GetProperty("createdBy").GetGuid());
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        var pipeline = await app.PipelineAsync();
        using var anonymous = app.Client();
        await anonymous.GetAsync("/api/identity/me");
        await (await anonymous.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = pipeline.First }))
            .ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task English_callers_get_English_messages()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var problem = await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = Guid.NewGuid() }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["There is no such stage"], problem.FieldErrors("stageId"));
    }
}
