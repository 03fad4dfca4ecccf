using System.Net;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Pipelines;

public sealed class CreatePipelineTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_sales_pipeline_is_created_last_in_the_list_with_the_default_stages()
    {
        using var admin = await app.SignedInAsync();
        var before = await admin.ListAsync(includeArchived: true);

        var pipeline = await admin.CreatePipelineAsync("  Дистрибьюторы  ");

        Assert.Equal("Дистрибьюторы", pipeline.GetProperty("name").GetString());
        Assert.Equal("sales", pipeline.GetProperty("kind").GetString());
        Assert.Equal(before.Length, pipeline.GetProperty("position").GetInt32());
        Assert.False(pipeline.GetProperty("archived").GetBoolean());
        Assert.Equal(1, pipeline.Version());
        Assert.Equal(["Неразобранное", "Первичный контакт", "Успешно реализовано", "Закрыто и не реализовано"], pipeline.StageNames());
        Assert.Equal(["unsorted", "open", "won", "lost"], pipeline.StageKinds());
        Assert.Equal([0, 1, 2, 3], pipeline.Stages().Select(s => s.GetProperty("position").GetInt32()));
        Assert.All(pipeline.Stages(), s =>
        {
            Assert.Equal(0, s.GetProperty("dealCount").GetInt32());
            Assert.Equal(1, s.Version());
            Assert.Matches("^#[0-9A-F]{6}$", s.GetProperty("color").GetString());
            Assert.InRange(s.GetProperty("probability").GetInt32(), 0, 100);
        });
        Assert.Equal(100, pipeline.Stage("Успешно реализовано").GetProperty("probability").GetInt32());
        Assert.Equal(0, pipeline.Stage("Закрыто и не реализовано").GetProperty("probability").GetInt32());

        var listed = await admin.ListAsync();
        Assert.Equal(pipeline.Id(), listed[^1].Id());
        Assert.Equal(pipeline.StageNames(), listed[^1].StageNames());
    }

    [Fact]
    public async Task A_todo_pipeline_gets_new_in_progress_and_done()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Поручения бухгалтерии", "todo");
        Assert.Equal("todo", pipeline.GetProperty("kind").GetString());
        Assert.Equal(["Новое", "В работе", "Выполнено"], pipeline.StageNames());
        Assert.Equal(["open", "open", "won"], pipeline.StageKinds());
    }

    [Fact]
    public async Task PipelineCreated_is_published_with_the_stages_in_order_at_version_1()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Экспорт");
        var id = pipeline.Id();

        var created = Assert.Single(await app.OutboxAsync("PipelineCreated", "pipelineId", id));
        var state = created.State();
        Assert.Equal("Экспорт", state.GetProperty("name").GetString());
        Assert.Equal("sales", state.GetProperty("kind").GetString());
        Assert.Equal(1, state.GetProperty("version").GetInt32());
        Assert.Equal(pipeline.Version(), state.GetProperty("version").GetInt32());
        Assert.Equal(pipeline.GetProperty("position").GetInt32(), state.GetProperty("position").GetInt32());

        var stages = state.GetProperty("stages").EnumerateArray().ToArray();
        Assert.Equal(pipeline.Stages().Select(s => s.Id()), stages.Select(a => a.GetProperty("stageId").GetString()));
        Assert.Equal([0, 1, 2, 3], stages.Select(a => a.GetProperty("position").GetInt32()));
        Assert.Equal(pipeline.StageKinds(), stages.Select(a => a.GetProperty("kind").GetString()));
        var first = pipeline.Stages()[0];
        Assert.Equal(first.GetProperty("color").GetString(), stages[0].GetProperty("color").GetString());
        Assert.Equal(first.GetProperty("probability").GetInt32(), stages[0].GetProperty("probability").GetInt32());
        Assert.All(stages, s => Assert.Equal(System.Text.Json.JsonValueKind.Null, s.GetProperty("removalRequest").ValueKind));
        Assert.Empty(await app.OutboxAsync("StageAdded", "pipelineId", id));
    }

    [Fact]
    public async Task Empty_overlong_and_unknown_kind_input_gets_a_message_for_each_field()
    {
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.PostAsync("/api/pipelines", new { name = "   ", kind = "kanban" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Введите название"], problem.FieldErrors("name"));
        Assert.Equal(["Тип воронки: sales или todo"], problem.FieldErrors("kind"));

        var overlong = await (await admin.PostAsync("/api/pipelines", new { name = new string('я', 10_000), kind = "sales" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(overlong.FieldErrors("name"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/pipelines", new { name = new string('я', 100), kind = "sales" })).StatusCode);

        var missing = await (await admin.PostAsync("/api/pipelines", new { })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(missing.FieldErrors("name"));
        Assert.NotEmpty(missing.FieldErrors("kind"));
    }

    [Fact]
    public async Task A_taken_name_is_refused_whatever_its_case_in_the_callers_language()
    {
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.PostAsync("/api/pipelines", new { name = "новые ДИЛЕРЫ", kind = "sales" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Воронка с таким названием уже есть"], problem.FieldErrors("name"));

        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var english = await (await admin.PostAsync("/api/pipelines", new { name = "TO-DO", kind = "todo" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["A pipeline with this name already exists"], english.FieldErrors("name"));
    }

    [Fact]
    public async Task A_head_of_sales_may_create_a_pipeline_a_manager_may_not_and_anonymous_callers_are_refused()
    {
        using var head = await app.SignedInAsAsync("HeadOfSales");
        await head.CreatePipelineAsync("Тендеры");

        using var manager = await app.SignedInAsAsync("Manager");
        await (await manager.PostAsync("/api/pipelines", new { name = "Мои сделки", kind = "sales" })).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains(await manager.ListAsync(), p => p.GetProperty("name").GetString() == "Тендеры"); // but reads them

        using var anonymous = app.Client();
        await (await anonymous.GetAsync("/api/pipelines")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync("/api/pipelines", new { name = "Аноним", kind = "sales" })).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(await head.ListAsync(), p => p.GetProperty("name").GetString() == "Мои сделки");
    }
}
