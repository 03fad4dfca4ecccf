using Crm.Modules.Pipelines.Features;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Pipelines;

public sealed class SeedPipelinesTests(CrmApp app) : IClassFixture<CrmApp>
{
    private async Task<bool> SeedAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SeedPipelines.Command());
    }

    private async Task<long> OutboxCountAsync()
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<long>("select count(*) from bus.outbox where event_type like 'Crm.Modules.Pipelines.%'");
    }

    [Fact]
    public async Task The_first_start_seeds_the_companys_three_pipelines_in_russian()
    {
        using var manager = await app.SignedInAsAsync("Manager");
        var pipelines = await manager.ListAsync(includeArchived: true);

        Assert.Equal(["Новые дилеры", "Постоянные клиенты", "To-Do"], pipelines.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(["sales", "sales", "todo"], pipelines.Select(p => p.GetProperty("kind").GetString()));
        Assert.Equal([0, 1, 2], pipelines.Select(p => p.GetProperty("position").GetInt32()));

        var dealers = pipelines[0];
        Assert.Equal(
            ["Неразобранное", "Первичный контакт", "Переговоры", "Коммерческое предложение", "Выставлен счёт", "Успешно реализовано", "Закрыто и не реализовано"],
            dealers.StageNames());
        Assert.Equal(["unsorted", "open", "open", "open", "open", "won", "lost"], dealers.StageKinds());
        Assert.Equal([10, 20, 40, 60, 80, 100, 0], dealers.Stages().Select(s => s.GetProperty("probability").GetInt32()));

        Assert.Equal(["Новый заказ", "Согласование", "Счёт выставлен", "Отгрузка", "Успешно реализовано", "Закрыто и не реализовано"], pipelines[1].StageNames());
        Assert.Equal(["open", "open", "open", "open", "won", "lost"], pipelines[1].StageKinds());
        Assert.Equal(["Новое", "В работе", "Выполнено"], pipelines[2].StageNames());
        Assert.Equal(["open", "open", "won"], pipelines[2].StageKinds());
        Assert.All(pipelines.SelectMany(p => p.Stages()), s => Assert.Matches("^#[0-9A-F]{6}$", s.GetProperty("color").GetString()));

        // The other modules hear of them: PipelineCreated with the stages.
        foreach (var pipeline in pipelines)
        {
            var created = Assert.Single(await app.OutboxAsync("PipelineCreated", "pipelineId", pipeline.Id()));
            Assert.Equal(pipeline.StageNames(), created.State().GetProperty("stages").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        }
    }

    [Fact]
    public async Task Seeding_again_changes_nothing_even_after_the_admin_archived_a_seeded_pipeline()
    {
        using var admin = await app.SignedInAsync();
        var todo = (await admin.ListAsync(includeArchived: true)).Single(p => p.GetProperty("kind").GetString() == "todo");
        await (await admin.PutAsync($"/api/pipelines/{todo.Id()}",
            new { name = "To-Do", position = todo.GetProperty("position").GetInt32(), archived = true, version = todo.Version() }))
            .JsonAsync(System.Net.HttpStatusCode.OK);
        var before = await admin.ListAsync(includeArchived: true);
        var events = await OutboxCountAsync();

        Assert.False(await SeedAsync());

        var after = await admin.ListAsync(includeArchived: true);
        Assert.Equal(before.Select(p => p.ToString()), after.Select(p => p.ToString()));
        Assert.DoesNotContain(await admin.ListAsync(), p => p.GetProperty("name").GetString() == "To-Do");
        Assert.Equal(events, await OutboxCountAsync());
    }

    [Fact]
    public async Task Two_instances_seeding_an_empty_module_together_create_one_set_of_pipelines()
    {
        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync("truncate pipelines.stage_occupancy, pipelines.stages, pipelines.pipelines");
        }

        var results = await Task.WhenAll(SeedAsync(), SeedAsync());

        Assert.Equal([false, true], results.Order());
        using var admin = await app.SignedInAsync();
        var pipelines = await admin.ListAsync(includeArchived: true);
        Assert.Equal(["Новые дилеры", "Постоянные клиенты", "To-Do"], pipelines.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal([7, 6, 3], pipelines.Select(p => p.Stages().Length));
    }
}
