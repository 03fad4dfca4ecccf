using Crm.Modules.Pipelines.Contracts;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>The On* handlers keep deals.pipelines and deals.stages in step with Pipelines' events.</summary>
public sealed class PipelineCopyTests(CrmApp app) : IClassFixture<CrmApp>
{
    private async Task<List<string>> StageNamesAsync(Guid pipelineId)
    {
        await using var db = await app.OpenDatabaseAsync();
        return (await db.QueryAsync<string>("select name from deals.stages where pipeline_id = @pipelineId order by position", new { pipelineId })).ToList();
    }

    private async Task<List<int>> PositionsAsync(Guid pipelineId)
    {
        await using var db = await app.OpenDatabaseAsync();
        return (await db.QueryAsync<int>("select position from deals.stages where pipeline_id = @pipelineId order by position", new { pipelineId })).ToList();
    }

    private Task UntilAsync(Guid pipelineId, string[] names, string what) =>
        Eventually.TrueAsync(async () => (await StageNamesAsync(pipelineId)).SequenceEqual(names), what);

    [Fact]
    public async Task Stages_are_added_renamed_reordered_and_removed_as_Pipelines_says()
    {
        var p = await app.PipelineAsync("Копия");
        await UntilAsync(p.Id, ["Неразобранное", "Первичный контакт", "Переговоры", "Успешно реализовано", "Закрыто и не реализовано"], "created");

        var invoice = Guid.NewGuid();
        await app.PublishAsync(new StageAdded(p.Id, invoice, "Счёт", "#ffffff", StageKinds.Open, 70, 3));
        await UntilAsync(p.Id, ["Неразобранное", "Первичный контакт", "Переговоры", "Счёт", "Успешно реализовано", "Закрыто и не реализовано"], "added before won");

        await app.PublishAsync(new StageUpdated(p.Id, p.First, "Знакомство", "#000000", 5));
        await app.PublishAsync(new StagesReordered(p.Id, [p.Unsorted, p.Second, p.First, invoice, p.Won, p.Lost]));
        await UntilAsync(p.Id, ["Неразобранное", "Переговоры", "Знакомство", "Счёт", "Успешно реализовано", "Закрыто и не реализовано"], "renamed and reordered");

        await app.PublishAsync(new StageRemoved(p.Id, p.Second));
        await UntilAsync(p.Id, ["Неразобранное", "Знакомство", "Счёт", "Успешно реализовано", "Закрыто и не реализовано"], "removed");
        Assert.Equal([0, 1, 2, 3, 4], await PositionsAsync(p.Id));

        await app.PublishAsync(new PipelineUpdated(p.Id, "Переименована", 3, true));
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            var row = await db.QuerySingleAsync<(string Name, bool Archived, string Kind)>(
                "select name, archived, kind from deals.pipelines where id = @Id", new { p.Id });
            return row == ("Переименована", true, PipelineKinds.Sales);
        }, "pipeline updated");
    }

    [Fact]
    public async Task A_stage_that_arrives_before_its_pipeline_is_kept()
    {
        var pipelineId = Guid.NewGuid();
        var stageId = Guid.NewGuid();
        await app.PublishAsync(new StageAdded(pipelineId, stageId, "Раньше воронки", "#ffffff", StageKinds.Open, 10, 0));
        await UntilAsync(pipelineId, ["Раньше воронки"], "stage without pipeline");
        await app.PublishAsync(new PipelineCreated(pipelineId, "Поздняя", PipelineKinds.Todo, 5));
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<string?>("select kind from deals.pipelines where id = @pipelineId", new { pipelineId }) == PipelineKinds.Todo;
        }, "pipeline arrives later");
        Assert.Equal(["Раньше воронки"], await StageNamesAsync(pipelineId));
    }
}
