using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Inbox;

/// <summary>Requests filed through the API: kept as received, normalised, listed newest first, checked.</summary>
public sealed class SubmitRequestTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_request_is_filed_in_unsorted_with_its_phone_in_E164_the_phones_region_and_the_raw_body()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var request = await admin.SubmitAsync(pipeline, new
        {
            Emails = new[] { " Ivan@Example.COM " },
            CompanyName = "  Рога и копыта ",
            Subject = "Кресла",
        });

        Assert.Equal("new", request.Str("status"));
        Assert.Equal("api", request.Str("source"));
        Assert.Equal(["+73432123456"], request.GetProperty("phones").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["ivan@example.com"], request.GetProperty("emails").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("Рога и копыта", request.Str("companyName"));
        Assert.Equal("Свердловская обл", request.Str("region"));
        Assert.Equal("application/json", request.Str("rawType"));
        Assert.Contains("8 (343) 212-34-56", request.Str("raw"));

        var read = await (await admin.GetAsync($"/api/inbox/requests/{request.IdOf("id")}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(request.Str("raw"), read.Str("raw"));
        var e = Assert.Single(await app.InboxOutboxAsync("InboxRequestReceived", request.IdOf("id")));
        Assert.Equal("new", e.GetProperty("request").Str("status"));
    }

    [Fact]
    public async Task A_given_region_wins_and_a_mobile_number_gives_none()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var given = await admin.SubmitAsync(pipeline, new { Region = "Пермский край" });
        var mobile = await admin.SubmitAsync(pipeline, new { Phones = new[] { "+7 916 123-45-67" } });
        Assert.Equal("Пермский край", given.Str("region"));
        Assert.Null(mobile.Str("region"));
    }

    [Fact]
    public async Task The_list_is_newest_first_a_page_at_a_time_with_the_total_per_pipeline_and_status_on_the_first_page()
    {
        var pipeline = await app.SalesPipelineAsync();
        var other = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await admin.SubmitAsync(pipeline, new { Subject = $"№{i}" })).IdOf("id"));
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        await admin.SubmitAsync(other);

        var first = await (await admin.GetAsync($"/api/inbox/requests?pipelineId={pipeline.Id}&limit=3")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(5, first.GetProperty("total").GetInt32());
        Assert.Equal([ids[4], ids[3], ids[2]], first.GetProperty("items").EnumerateArray().Select(r => r.IdOf("id")));
        var cursor = first.Str("nextCursor");
        var second = await (await admin.GetAsync($"/api/inbox/requests?pipelineId={pipeline.Id}&limit=3&after={cursor}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([ids[1], ids[0]], second.GetProperty("items").EnumerateArray().Select(r => r.IdOf("id")));
        Assert.Null(second.Str("nextCursor"));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("total").ValueKind);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("items")[0].GetProperty("raw").ValueKind);

        var declined = await (await admin.GetAsync($"/api/inbox/requests?status=declined&pipelineId={pipeline.Id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, declined.GetProperty("total").GetInt32());

        var bad = await (await admin.GetAsync("/api/inbox/requests?status=lost&limit=0&after=zzz")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(bad.FieldErrors("status"));
        Assert.NotEmpty(bad.FieldErrors("limit"));
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_nothing_is_filed()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var empty = await (await admin.PostAsync("/api/inbox/requests", new { pipelineId = pipeline.Id, phones = new[] { "12" }, emails = new[] { "not-an-email" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Укажите имя"], empty.FieldErrors("contactName"));
        Assert.Equal(["Напишите сообщение"], empty.FieldErrors("message"));
        Assert.Equal(["Неверный номер телефона"], empty.FieldErrors("phones[0]"));
        Assert.Equal(["Неверный e-mail"], empty.FieldErrors("emails[0]"));

        var nowhere = await (await admin.PostAsync("/api/inbox/requests", new { pipelineId = pipeline.Id, contactName = "Иван", message = "Привет" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Укажите телефон или e-mail"], nowhere.FieldErrors("phones"));

        var unknown = await (await admin.PostAsync("/api/inbox/requests", new { pipelineId = Guid.NewGuid(), contactName = "Иван", message = "Привет", emails = new[] { "a@b.ru" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Такой воронки нет"], unknown.FieldErrors("pipelineId"));

        var todo = await (await admin.PostAsync("/api/pipelines", new { name = $"Задания {Guid.NewGuid():N}"[..30], kind = "todo" })).JsonAsync(HttpStatusCode.Created);
        var noUnsorted = await (await admin.PostAsync("/api/inbox/requests", new { pipelineId = todo.GetProperty("id").GetGuid(), contactName = "Иван", message = "Привет", emails = new[] { "a@b.ru" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["В воронке нет этапа «Неразобранное»"], noUnsorted.FieldErrors("pipelineId"));

        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from inbox.requests where pipeline_id = @Id", new { pipeline.Id }));
    }

    [Fact]
    public async Task An_api_token_may_file_requests_and_anonymous_callers_may_not()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var token = (await (await admin.PostAsync("/api/identity/me/tokens", new { name = "Сайт" })).JsonAsync(HttpStatusCode.Created)).Str("token");
        using var integration = app.Factory.CreateClient();
        integration.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var response = await integration.PostAsJsonAsync("/api/inbox/requests", new
        {
            pipelineId = pipeline.Id, contactName = "С сайта", emails = new[] { "client@example.com" }, message = "Перезвоните",
        });
        Assert.Equal("api", (await response.JsonAsync(HttpStatusCode.Created)).Str("source"));

        using var anonymous = app.Client();
        await anonymous.GetAsync("/api/identity/me");
        await (await anonymous.PostAsync("/api/inbox/requests", new { pipelineId = pipeline.Id })).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
