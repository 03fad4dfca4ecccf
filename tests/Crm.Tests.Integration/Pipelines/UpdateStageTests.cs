using System.Net;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Pipelines;

public sealed class UpdateStageTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static object Body(string name, string color, int probability, int version) => new { name, color, probability, version };

    [Fact]
    public async Task A_stage_is_renamed_recoloured_and_given_a_probability_and_StageUpdated_is_published()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Переименование");
        var stage = pipeline.Stage("Первичный контакт");

        var updated = await (await admin.PutAsync($"/api/pipelines/{pipeline.Id()}/stages/{stage.Id()}", Body(" Первый звонок ", "#00AA55", 25, stage.Version())))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Первый звонок", updated.GetProperty("name").GetString());
        Assert.Equal("#00AA55", updated.GetProperty("color").GetString());
        Assert.Equal(25, updated.GetProperty("probability").GetInt32());
        Assert.Equal("open", updated.GetProperty("kind").GetString());
        Assert.Equal(stage.GetProperty("position").GetInt32(), updated.GetProperty("position").GetInt32());
        Assert.Equal(stage.Version() + 1, updated.Version());
        Assert.Equal("Первый звонок", (await admin.PipelineAsync(pipeline.Id())).Stages()[1].GetProperty("name").GetString());

        var published = Assert.Single(await app.OutboxAsync("StageUpdated", "stageId", stage.Id()));
        Assert.Equal(pipeline.Id(), published.State().GetProperty("pipelineId").GetString());
        Assert.Equal(pipeline.Version() + 1, published.State().GetProperty("version").GetInt32());
        var copied = published.StateStage(stage.Id());
        Assert.Equal("Первый звонок", copied.GetProperty("name").GetString());
        Assert.Equal("#00AA55", copied.GetProperty("color").GetString());
        Assert.Equal(25, copied.GetProperty("probability").GetInt32());
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Версии этапов");
        var stage = pipeline.Stage("Первичный контакт");
        var url = $"/api/pipelines/{pipeline.Id()}/stages/{stage.Id()}";
        await (await admin.PutAsync(url, Body("Первый", "#111111", 20, stage.Version()))).JsonAsync(HttpStatusCode.OK);

        var stale = await (await admin.PutAsync(url, Body("Второй", "#222222", 20, stage.Version()))).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Обновите страницу", stale.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Первый", (await admin.PipelineAsync(pipeline.Id())).Stages()[1].GetProperty("name").GetString());
        Assert.Single(await app.OutboxAsync("StageUpdated", "stageId", stage.Id()));
    }

    [Fact]
    public async Task Unknown_stages_unknown_pipelines_and_stages_of_another_pipeline_are_not_found()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Поиск этапов");
        var other = await admin.CreatePipelineAsync("Чужие этапы");
        var stage = pipeline.Stage("Первичный контакт");

        await (await admin.PutAsync($"/api/pipelines/{pipeline.Id()}/stages/{Guid.NewGuid()}", Body("Нет", "#111111", 1, 1))).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PutAsync($"/api/pipelines/{Guid.NewGuid()}/stages/{stage.Id()}", Body("Нет", "#111111", 1, 1))).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PutAsync($"/api/pipelines/{other.Id()}/stages/{stage.Id()}", Body("Нет", "#111111", 1, 1))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_input_and_a_name_taken_in_the_pipeline_are_refused()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Ввод этапов");
        var stage = pipeline.Stage("Первичный контакт");
        var url = $"/api/pipelines/{pipeline.Id()}/stages/{stage.Id()}";

        var problem = await (await admin.PutAsync(url, Body(new string('ы', 10_000), "#FFF", -5, stage.Version()))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("name"));
        Assert.Equal(["Цвет в виде #RRGGBB"], problem.FieldErrors("color"));
        Assert.Equal(["Вероятность: от 0 до 100"], problem.FieldErrors("probability"));
        Assert.Equal(["Введите название"], (await (await admin.PutAsync(url, Body(" ", "#FFFFFF", 5, stage.Version()))).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("name"));

        var taken = await (await admin.PutAsync(url, Body("успешно РЕАЛИЗОВАНО", "#FFFFFF", 5, stage.Version()))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Этап с таким названием в воронке уже есть"], taken.FieldErrors("name"));

        // Its own name in another case is no clash.
        await (await admin.PutAsync(url, Body("ПЕРВИЧНЫЙ КОНТАКТ", "#FFFFFF", 5, stage.Version()))).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Managers_may_not_edit_stages()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Права на правку этапов");
        var stage = pipeline.Stage("Первичный контакт");
        using var manager = await app.SignedInAsAsync("Manager");
        await (await manager.PutAsync($"/api/pipelines/{pipeline.Id()}/stages/{stage.Id()}", Body("Моё", "#000000", 99, stage.Version())))
            .ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Первичный контакт", (await admin.PipelineAsync(pipeline.Id())).Stages()[1].GetProperty("name").GetString());
    }
}
