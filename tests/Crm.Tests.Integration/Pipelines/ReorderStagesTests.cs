using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Pipelines;

public sealed class ReorderStagesTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static string Url(JsonElement pipeline) => $"/api/pipelines/{pipeline.Id()}/stages/order";

    private static string[] Ids(JsonElement pipeline, params string[] names) => names.Select(n => pipeline.Stage(n).Id()).ToArray();

    private static async Task<JsonElement> SalesWithThreeOpenStagesAsync(CrmClient admin, string name)
    {
        var pipeline = await admin.CreatePipelineAsync(name);
        foreach (var stage in new[] { "Переговоры", "Счёт" })
        {
            await (await admin.PostAsync($"/api/pipelines/{pipeline.Id()}/stages", new { name = stage, color = "#ABCDEF", kind = "open", probability = 50 }))
                .JsonAsync(HttpStatusCode.Created);
        }
        return await admin.PipelineAsync(pipeline.Id());
    }

    [Fact]
    public async Task Open_stages_are_put_in_a_new_order_and_StagesReordered_is_published()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await SalesWithThreeOpenStagesAsync(admin, "Порядок");
        var order = Ids(pipeline, "Неразобранное", "Счёт", "Первичный контакт", "Переговоры", "Успешно реализовано", "Закрыто и не реализовано");

        var reordered = await (await admin.PutAsync(Url(pipeline), new { stageIds = order })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(order, reordered.Stages().Select(s => s.Id()));
        Assert.Equal([0, 1, 2, 3, 4, 5], reordered.Stages().Select(s => s.GetProperty("position").GetInt32()));
        Assert.Equal(order, (await admin.PipelineAsync(pipeline.Id())).Stages().Select(s => s.Id()));

        var published = Assert.Single(await app.OutboxAsync("StagesReordered", "pipelineId", pipeline.Id()));
        Assert.Equal(order, published.State().GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stageId").GetString()));
        Assert.Equal(reordered.Version(), published.State().GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Orders_that_break_the_sales_layout_are_refused()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await SalesWithThreeOpenStagesAsync(admin, "Неверный порядок");

        async Task<string[]> RefusedAsync(params string[] names) =>
            (await (await admin.PutAsync(Url(pipeline), new { stageIds = Ids(pipeline, names) })).ProblemAsync(HttpStatusCode.BadRequest))
            .FieldErrors("stageIds");

        Assert.Equal(["Успешный и проигранный этапы стоят последними: сначала успешный, потом проигранный"],
            await RefusedAsync("Неразобранное", "Первичный контакт", "Переговоры", "Счёт", "Закрыто и не реализовано", "Успешно реализовано"));
        Assert.NotEmpty(await RefusedAsync("Неразобранное", "Первичный контакт", "Успешно реализовано", "Переговоры", "Счёт", "Закрыто и не реализовано"));
        Assert.Equal(["Этап «Неразобранное» стоит первым"],
            await RefusedAsync("Первичный контакт", "Неразобранное", "Переговоры", "Счёт", "Успешно реализовано", "Закрыто и не реализовано"));

        Assert.Equal(pipeline.StageNames(), (await admin.PipelineAsync(pipeline.Id())).StageNames());
        Assert.Empty(await app.OutboxAsync("StagesReordered", "pipelineId", pipeline.Id()));
    }

    [Fact]
    public async Task In_a_todo_pipeline_the_done_stage_stays_last()
    {
        using var admin = await app.SignedInAsync();
        var todo = await admin.CreatePipelineAsync("Порядок задач", "todo");
        var refused = await (await admin.PutAsync(Url(todo), new { stageIds = Ids(todo, "Новое", "Выполнено", "В работе") })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Завершающий этап стоит последним"], refused.FieldErrors("stageIds"));

        var swapped = await (await admin.PutAsync(Url(todo), new { stageIds = Ids(todo, "В работе", "Новое", "Выполнено") })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["В работе", "Новое", "Выполнено"], swapped.StageNames());
    }

    [Fact]
    public async Task The_list_must_name_every_stage_of_the_pipeline_once_and_no_other()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Полный список");
        var other = await admin.CreatePipelineAsync("Другой список");
        var all = pipeline.Stages().Select(s => s.Id()).ToArray();

        var missing = await (await admin.PutAsync(Url(pipeline), new { stageIds = all.Where(id => id != pipeline.Stage("Первичный контакт").Id()) }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("все этапы", missing.FieldErrors("stageIds")[0], StringComparison.Ordinal);

        var twice = await (await admin.PutAsync(Url(pipeline), new { stageIds = all.Prepend(all[0]) })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Этап указан в списке дважды"], twice.FieldErrors("stageIds"));

        var stranger = other.Stage("Первичный контакт").Id();
        var foreign = await (await admin.PutAsync(Url(pipeline), new { stageIds = all.Take(1).Append(stranger).Concat(all.Skip(2)) }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([$"Этап {stranger} не из этой воронки"], foreign.FieldErrors("stageIds"));

        Assert.NotEmpty((await (await admin.PutAsync(Url(pipeline), new { stageIds = Array.Empty<Guid>() })).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("stageIds"));
        Assert.NotEmpty((await (await admin.PutAsync(Url(pipeline), new { })).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("stageIds"));
        Assert.Equal(pipeline.StageNames(), (await admin.PipelineAsync(pipeline.Id())).StageNames());
    }

    [Fact]
    public async Task An_unknown_pipeline_is_not_found_and_managers_may_not_reorder()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await admin.CreatePipelineAsync("Права на порядок");
        var ids = pipeline.Stages().Select(s => s.Id()).ToArray();
        await (await admin.PutAsync($"/api/pipelines/{Guid.NewGuid()}/stages/order", new { stageIds = ids })).ProblemAsync(HttpStatusCode.NotFound);

        using var manager = await app.SignedInAsAsync("Manager");
        await (await manager.PutAsync(Url(pipeline), new { stageIds = ids })).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty(await app.OutboxAsync("StagesReordered", "pipelineId", pipeline.Id()));
    }
}
