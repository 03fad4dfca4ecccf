using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// A deal of a To-Do pipeline is a job (issue 11, item 7): a title, a responsible and a deadline, done
/// or not; no budget, no goal, no loss. The pipeline is made through Pipelines' own API, as an admin
/// does, and Deals learns it from its events (a deal in it right away: read-your-writes).
/// </summary>
public sealed class TodoJobsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private const string Deadline = "2026-12-31T15:00:00Z";

    private sealed record Todo(Guid Id, Guid New, Guid Done);

    private async Task<Todo> TodoPipelineAsync()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await (await admin.PostAsync("/api/pipelines", new { name = $"Поручения {Guid.NewGuid():N}", kind = "todo" }))
            .JsonAsync(HttpStatusCode.Created);
        Guid Stage(string name) => pipeline.GetProperty("stages").EnumerateArray().Single(s => s.Text("name") == name).Id();
        return new Todo(pipeline.Id(), Stage("Новое"), Stage("Выполнено"));
    }

    private static Task<HttpResponseMessage> CreateAsync(CrmClient client, Todo todo, object fields)
    {
        var body = new Dictionary<string, object?> { ["pipelineId"] = todo.Id, ["stageId"] = todo.New };
        foreach (var p in fields.GetType().GetProperties())
        {
            body[p.Name] = p.GetValue(fields);
        }
        return client.PostAsync("/api/deals", body);
    }

    private static object Form(JsonElement job, string? name = "Собрать акты сверки", decimal? budget = null, string? goal = null,
        string? deadline = Deadline) => new
    {
        name, budget, currency = "RUB", goal, companyId = (Guid?)null, deadline,
        customFields = new Dictionary<string, object>(), version = job.Version(),
    };

    [Fact]
    public async Task A_job_needs_a_title_and_a_deadline_and_takes_no_budget_or_goal_all_said_at_once()
    {
        var todo = await TodoPipelineAsync();
        var (manager, managerId) = await app.UserAsync();

        var problem = await (await CreateAsync(manager, todo, new { name = " ", budget = 1000m, goal = "Продать" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Назовите задание: что нужно сделать"], problem.FieldErrors("name"));
        Assert.Equal(["Укажите крайний срок задания"], problem.FieldErrors("deadline"));
        Assert.Equal(["У задания To-Do нет бюджета"], problem.FieldErrors("budget"));
        Assert.Equal(["У задания To-Do нет цели переговоров"], problem.FieldErrors("goal"));
        await using (var db = await app.OpenDatabaseAsync())
        {
            Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from deals.deals where pipeline_id = @Id", new { todo.Id }));
        }

        var job = await (await CreateAsync(manager, todo, new { name = "Собрать акты сверки", deadline = Deadline }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("Собрать акты сверки", job.Text("name"));
        Assert.Equal(DateTimeOffset.Parse(Deadline), job.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("budget").ValueKind);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("goal").ValueKind);
        Assert.Equal(managerId, job.GetProperty("responsibleId").GetGuid());
    }

    [Fact]
    public async Task Saving_a_job_keeps_it_a_job_and_a_sales_deal_is_untouched_by_these_rules()
    {
        var todo = await TodoPipelineAsync();
        using var admin = await app.SignedInAsync();
        var job = await (await CreateAsync(admin, todo, new { name = "Вернуть товар", deadline = Deadline })).JsonAsync(HttpStatusCode.Created);

        var refused = await (await admin.PutAsync($"/api/deals/{job.Id()}", Form(job, name: "", budget: 5m, goal: "Цель", deadline: null)))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(refused.FieldErrors("name"));
        Assert.NotEmpty(refused.FieldErrors("budget"));
        Assert.NotEmpty(refused.FieldErrors("goal"));
        Assert.NotEmpty(refused.FieldErrors("deadline"));
        Assert.Empty(await app.OutboxAsync("DealUpdated", job.Id()));

        var saved = await (await admin.PutAsync($"/api/deals/{job.Id()}", Form(job, name: "Вернуть товар до пятницы", deadline: "2027-01-15T09:00:00Z")))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Вернуть товар до пятницы", saved.Text("name"));
        Assert.Equal(new DateTimeOffset(2027, 1, 15, 9, 0, 0, TimeSpan.Zero), saved.GetProperty("deadline").GetDateTimeOffset());

        // A sales deal: a budget and a goal, no deadline, a blank name, as before.
        var pipeline = await app.PipelineAsync();
        var deal = await admin.CreateDealAsync(pipeline, new { budget = 1000m, goal = "Поставка" });
        Assert.Equal(1000m, deal.GetProperty("budget").GetDecimal());
    }

    [Fact]
    public async Task A_job_from_before_the_rule_is_saved_with_what_it_holds_but_takes_nothing_new()
    {
        var todo = await TodoPipelineAsync();
        using var admin = await app.SignedInAsync();
        var job = await (await CreateAsync(admin, todo, new { name = "Старое задание", deadline = Deadline })).JsonAsync(HttpStatusCode.Created);
        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync("update deals.deals set budget = 700, goal = 'Старая цель', deadline = null where id = @Id", new { Id = job.Id() });
        }

        // The card sends back what it read: saved.
        var kept = await (await admin.PutAsync($"/api/deals/{job.Id()}", Form(job, budget: 700m, goal: "Старая цель", deadline: null)))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(700m, kept.GetProperty("budget").GetDecimal());

        var changed = await (await admin.PutAsync($"/api/deals/{job.Id()}", Form(kept, budget: 800m, goal: "Новая цель", deadline: null)))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(changed.FieldErrors("budget"));
        Assert.NotEmpty(changed.FieldErrors("goal"));
        Assert.False(changed.GetProperty("errors").TryGetProperty("deadline", out _));

        // Cleared by the user: the job is a job again.
        var cleared = await (await admin.PutAsync($"/api/deals/{job.Id()}", Form(kept))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("budget").ValueKind);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("goal").ValueKind);
    }

    [Fact]
    public async Task A_job_is_done_not_lost()
    {
        var todo = await TodoPipelineAsync();
        var (manager, _) = await app.UserAsync();
        var job = await (await CreateAsync(manager, todo, new { name = "Подготовить отчёт", deadline = Deadline })).JsonAsync(HttpStatusCode.Created);

        var lost = await (await manager.PostAsync($"/api/deals/{job.Id()}/lost", new { reason = "Не успели", version = job.Version() }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Задание To-Do не проигрывается: его можно только выполнить («Выполнено»)"], lost.FieldErrors("stageId"));
        Assert.Empty(await app.OutboxAsync("DealLost", job.Id()));

        var done = await (await manager.PostAsync($"/api/deals/{job.Id()}/won", new { version = job.Version() })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(todo.Done, done.GetProperty("stageId").GetGuid());
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("closedAt").ValueKind);
        Assert.Equal("won", Assert.Single(await app.OutboxAsync("DealWon", job.Id())).GetProperty("deal").Text("status"));
    }
}
