using System.Net;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Pipelines;

public sealed class RemoveStageTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task An_empty_stage_is_removed_the_later_stages_move_up_and_StageRemoved_is_published()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Удаление");
        await (await admin.PostAsync($"/api/pipelines/{pipeline.Id()}/stages", new { name = "Переговоры", color = "#FFCC00", kind = "open", probability = 40 }))
            .JsonAsync(HttpStatusCode.Created);
        var contact = pipeline.Stage("Первичный контакт");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/pipelines/{pipeline.Id()}/stages/{contact.Id()}")).StatusCode);

        var after = await admin.PipelineAsync(pipeline.Id());
        Assert.Equal(["Неразобранное", "Переговоры", "Успешно реализовано", "Закрыто и не реализовано"], after.StageNames());
        Assert.Equal([0, 1, 2, 3], after.Stages().Select(s => s.GetProperty("position").GetInt32()));
        var removed = Assert.Single(await app.OutboxAsync("StageRemoved", "stageId", contact.Id()));
        Assert.Equal(pipeline.Id(), removed.State().GetProperty("pipelineId").GetString());
        Assert.DoesNotContain(removed.State().GetProperty("stages").EnumerateArray(), s => s.GetProperty("stageId").GetString() == contact.Id());

        await (await admin.DeleteAsync($"/api/pipelines/{pipeline.Id()}/stages/{contact.Id()}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_unsorted_stage_may_be_removed()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Без неразобранного");
        Assert.Equal(HttpStatusCode.NoContent,
            (await admin.DeleteAsync($"/api/pipelines/{pipeline.Id()}/stages/{pipeline.Stage("Неразобранное").Id()}")).StatusCode);
        Assert.Equal(["open", "won", "lost"], (await admin.PipelineAsync(pipeline.Id())).StageKinds());
    }

    [Fact]
    public async Task The_won_and_lost_stages_and_the_last_open_stage_stay()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Неудаляемые");
        var todo = await admin.CreatePipelineAsync("Неудаляемые задачи", "todo");

        var won = await (await admin.DeleteAsync($"/api/pipelines/{pipeline.Id()}/stages/{pipeline.Stage("Успешно реализовано").Id()}"))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Успешный и проигранный этапы удалить нельзя"], won.FieldErrors("stageId"));
        await (await admin.DeleteAsync($"/api/pipelines/{pipeline.Id()}/stages/{pipeline.Stage("Закрыто и не реализовано").Id()}"))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var lastOpen = await (await admin.DeleteAsync($"/api/pipelines/{pipeline.Id()}/stages/{pipeline.Stage("Первичный контакт").Id()}"))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["В воронке должен остаться хотя бы один открытый этап"], lastOpen.FieldErrors("stageId"));
        await (await admin.DeleteAsync($"/api/pipelines/{todo.Id()}/stages/{todo.Stage("Выполнено").Id()}")).ProblemAsync(HttpStatusCode.BadRequest);

        // A to-do pipeline has two open stages: one may go, the other then stays.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/pipelines/{todo.Id()}/stages/{todo.Stage("Новое").Id()}")).StatusCode);
        await (await admin.DeleteAsync($"/api/pipelines/{todo.Id()}/stages/{todo.Stage("В работе").Id()}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(pipeline.StageNames(), (await admin.PipelineAsync(pipeline.Id())).StageNames());
        Assert.Equal(["В работе", "Выполнено"], (await admin.PipelineAsync(todo.Id())).StageNames());
        Assert.Empty(await app.OutboxAsync("StageRemoved", "pipelineId", pipeline.Id()));
    }

    [Fact]
    public async Task A_stage_of_another_pipeline_or_an_unknown_pipeline_is_not_found()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Свои этапы");
        var other = await admin.CreatePipelineAsync("Другие этапы");
        var stage = pipeline.Stage("Неразобранное");
        await (await admin.DeleteAsync($"/api/pipelines/{other.Id()}/stages/{stage.Id()}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/pipelines/{Guid.NewGuid()}/stages/{stage.Id()}")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(4, (await admin.PipelineAsync(pipeline.Id())).Stages().Length);
    }

    [Fact]
    public async Task Managers_may_not_remove_stages()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Права на удаление");
        using var manager = await app.SignedInAsAsync("Manager");
        await (await manager.DeleteAsync($"/api/pipelines/{pipeline.Id()}/stages/{pipeline.Stage("Неразобранное").Id()}"))
            .ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(4, (await admin.PipelineAsync(pipeline.Id())).Stages().Length);
    }
}
