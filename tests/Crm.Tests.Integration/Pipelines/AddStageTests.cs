using System.Net;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Pipelines;

public sealed class AddStageTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static object Stage(string name, string kind = "open", int? position = null, string color = "#3366CC", int probability = 30) =>
        new { name, color, kind, probability, position };

    [Fact]
    public async Task A_stage_goes_before_the_closing_stages_by_default_and_StageAdded_is_published()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Добавление");

        var stage = await (await admin.PostAsync($"/api/pipelines/{pipeline.Id()}/stages", Stage(" Переговоры ", probability: 45)))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("Переговоры", stage.GetProperty("name").GetString());
        Assert.Equal("#3366CC", stage.GetProperty("color").GetString());
        Assert.Equal("open", stage.GetProperty("kind").GetString());
        Assert.Equal(45, stage.GetProperty("probability").GetInt32());
        Assert.Equal(2, stage.GetProperty("position").GetInt32());
        Assert.Equal(0, stage.GetProperty("dealCount").GetInt32());
        Assert.Equal(1, stage.Version());

        var after = await admin.PipelineAsync(pipeline.Id());
        Assert.Equal(["Неразобранное", "Первичный контакт", "Переговоры", "Успешно реализовано", "Закрыто и не реализовано"], after.StageNames());
        Assert.Equal([0, 1, 2, 3, 4], after.Stages().Select(s => s.GetProperty("position").GetInt32()));

        var added = Assert.Single(await app.OutboxAsync("StageAdded", "stageId", stage.Id()));
        Assert.Equal(pipeline.Id(), added.State().GetProperty("pipelineId").GetString());
        Assert.Equal(pipeline.Version() + 1, added.State().GetProperty("version").GetInt32());
        Assert.Equal(after.StageNames(), added.State().GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var copied = added.StateStage(stage.Id());
        Assert.Equal("Переговоры", copied.GetProperty("name").GetString());
        Assert.Equal("#3366CC", copied.GetProperty("color").GetString());
        Assert.Equal("open", copied.GetProperty("kind").GetString());
        Assert.Equal(45, copied.GetProperty("probability").GetInt32());
        Assert.Equal(2, copied.GetProperty("position").GetInt32());
    }

    [Fact]
    public async Task A_stage_can_be_put_at_a_given_place_and_the_later_stages_shift()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Позиции");
        var stage = await (await admin.PostAsync($"/api/pipelines/{pipeline.Id()}/stages", Stage("Квалификация", position: 1)))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, stage.GetProperty("position").GetInt32());
        Assert.Equal(["Неразобранное", "Квалификация", "Первичный контакт", "Успешно реализовано", "Закрыто и не реализовано"],
            (await admin.PipelineAsync(pipeline.Id())).StageNames());
    }

    [Fact]
    public async Task An_unsorted_stage_goes_first_in_a_sales_pipeline_that_has_none_but_a_second_one_is_refused()
    {
        using var admin = await app.SignedInAsync();
        var regular = (await admin.ListAsync()).Single(p => p.GetProperty("name").GetString() == "Постоянные клиенты");
        Assert.DoesNotContain("unsorted", regular.StageKinds());

        var unsorted = await (await admin.PostAsync($"/api/pipelines/{regular.Id()}/stages", Stage("Входящие", "unsorted")))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal(0, unsorted.GetProperty("position").GetInt32());
        Assert.Equal("unsorted", (await admin.PipelineAsync(regular.Id())).StageKinds()[0]);

        var second = await (await admin.PostAsync($"/api/pipelines/{regular.Id()}/stages", Stage("Ещё входящие", "unsorted")))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["В воронке может быть только один этап «Неразобранное»"], second.FieldErrors("kind"));
    }

    [Fact]
    public async Task Stages_that_break_the_layout_are_refused()
    {
        using var admin = await app.SignedInAsync();
        var sales = await admin.CreatePipelineAsync("Правила");
        var todo = await admin.CreatePipelineAsync("Правила задач", "todo");
        var salesUrl = $"/api/pipelines/{sales.Id()}/stages";
        var todoUrl = $"/api/pipelines/{todo.Id()}/stages";

        Assert.NotEmpty((await (await admin.PostAsync(salesUrl, Stage("Второй успех", "won"))).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("kind"));
        Assert.NotEmpty((await (await admin.PostAsync(salesUrl, Stage("Второй провал", "lost"))).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("kind"));
        Assert.Equal(["В воронке задач нет этапа «Неразобранное»"],
            (await (await admin.PostAsync(todoUrl, Stage("Входящие", "unsorted"))).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("kind"));
        Assert.NotEmpty((await (await admin.PostAsync(todoUrl, Stage("Провал", "lost"))).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("kind"));

        var afterClosing = await (await admin.PostAsync(salesUrl, Stage("После успеха", position: 3))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Успешный и проигранный этапы стоят последними: сначала успешный, потом проигранный"], afterClosing.FieldErrors("position"));
        var beforeUnsorted = await (await admin.PostAsync(salesUrl, Stage("Самый первый", position: 0))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Этап «Неразобранное» стоит первым"], beforeUnsorted.FieldErrors("position"));
        var afterDone = await (await admin.PostAsync(todoUrl, Stage("После выполнения", position: 3))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Завершающий этап стоит последним"], afterDone.FieldErrors("position"));
        var outOfRange = await (await admin.PostAsync(salesUrl, Stage("Далеко", position: 50))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Позиция: от 0 до 4"], outOfRange.FieldErrors("position"));

        Assert.Equal(sales.StageNames(), (await admin.PipelineAsync(sales.Id())).StageNames());
        Assert.Equal(todo.StageNames(), (await admin.PipelineAsync(todo.Id())).StageNames());
        Assert.Empty((await app.OutboxAsync("StageAdded", "pipelineId", sales.Id())).Skip(4));
    }

    [Fact]
    public async Task Bad_input_gets_a_message_for_each_field()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Ввод");
        var url = $"/api/pipelines/{pipeline.Id()}/stages";

        var problem = await (await admin.PostAsync(url, new { name = "", color = "red", kind = "maybe", probability = 101, position = -1 }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Введите название"], problem.FieldErrors("name"));
        Assert.Equal(["Цвет в виде #RRGGBB"], problem.FieldErrors("color"));
        Assert.Equal(["Тип этапа: unsorted, open, won или lost"], problem.FieldErrors("kind"));
        Assert.Equal(["Вероятность: от 0 до 100"], problem.FieldErrors("probability"));
        Assert.NotEmpty(problem.FieldErrors("position"));

        var overlong = await (await admin.PostAsync(url, Stage(new string('э', 10_000), color: "#12345G", probability: -1)))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(overlong.FieldErrors("name"));
        Assert.NotEmpty(overlong.FieldErrors("color"));
        Assert.NotEmpty(overlong.FieldErrors("probability"));

        var taken = await (await admin.PostAsync(url, Stage("ПЕРВИЧНЫЙ КОНТАКТ"))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Этап с таким названием в воронке уже есть"], taken.FieldErrors("name"));
        // The same name in another pipeline is fine.
        Assert.Equal(4, (await admin.PipelineAsync(pipeline.Id())).Stages().Length);
        var other = await admin.CreatePipelineAsync("Ввод 2");
        await (await admin.PostAsync($"/api/pipelines/{other.Id()}/stages", Stage("Согласование"))).JsonAsync(HttpStatusCode.Created);
        await (await admin.PostAsync(url, Stage("Согласование"))).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Stages_added_at_the_same_time_each_get_their_own_place_and_a_name_only_once()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Одновременно");
        var url = $"/api/pipelines/{pipeline.Id()}/stages";
        var clients = new List<CrmClient>();
        for (var i = 0; i < 6; i++)
        {
            clients.Add(await app.SignedInAsync());
        }

        var names = new[] { "Этап 1", "Этап 2", "Этап 3", "Этап 4", "Дубль", "Дубль" };
        var responses = await Task.WhenAll(clients.Select((c, i) => c.PostAsync(url, Stage(names[i]))));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        var after = await admin.PipelineAsync(pipeline.Id());
        Assert.Equal(9, after.Stages().Length);
        Assert.Equal(Enumerable.Range(0, 9), after.Stages().Select(s => s.GetProperty("position").GetInt32()));
        Assert.Equal(["won", "lost"], after.StageKinds()[^2..]);
        Assert.Single(after.StageNames(), n => n == "Дубль");
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task An_unknown_pipeline_is_not_found_and_managers_may_not_add_stages()
    {
        using var admin = await app.SignedInAsync();
        await (await admin.PostAsync($"/api/pipelines/{Guid.NewGuid()}/stages", Stage("Никуда"))).ProblemAsync(HttpStatusCode.NotFound);

        var pipeline = await admin.CreatePipelineAsync("Права на этапы");
        using var manager = await app.SignedInAsAsync("Manager");
        await (await manager.PostAsync($"/api/pipelines/{pipeline.Id()}/stages", Stage("Мой этап"))).ProblemAsync(HttpStatusCode.Forbidden);
        using var head = await app.SignedInAsAsync("HeadOfSales");
        await (await head.PostAsync($"/api/pipelines/{pipeline.Id()}/stages", Stage("Этап начальника"))).JsonAsync(HttpStatusCode.Created);
    }
}
