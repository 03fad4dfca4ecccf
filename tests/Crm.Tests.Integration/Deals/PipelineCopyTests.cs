using Crm.Modules.Pipelines.Contracts;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>CopyPipelines keeps deals.pipelines and deals.stages at the newest state Pipelines' events carry.</summary>
public sealed class PipelineCopyTests(CrmApp app) : IClassFixture<CrmApp>
{
    private async Task<List<string>> StageNamesAsync(Guid pipelineId)
    {
        await using var db = await app.OpenDatabaseAsync();
        return (await db.QueryAsync<string>(
            "select name from deals.stages where pipeline_id = @pipelineId and not retired order by position", new { pipelineId })).ToList();
    }

    private async Task<int> VersionAsync(Guid pipelineId)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<int?>("select version from deals.pipelines where id = @pipelineId", new { pipelineId }) ?? 0;
    }

    private Task UntilAsync(Guid pipelineId, string[] names, string what) =>
        Eventually.TrueAsync(async () => (await StageNamesAsync(pipelineId)).SequenceEqual(names), what);

    private static PipelineState Invoice(TestPipeline p, int version, Guid invoice) =>
        p.State(version) with
        {
            Stages =
            [
                .. p.State(version).Stages.Take(3),
                new StageState(invoice, "Счёт", "#ffffff", StageKinds.Open, 70, 3, null),
                .. p.State(version).Stages.Skip(3).Select(s => s with { Position = s.Position + 1 }),
            ],
        };

    [Fact]
    public async Task Stages_are_added_renamed_reordered_and_removed_as_the_newest_state_says()
    {
        var p = await app.PipelineAsync("Копия");
        await UntilAsync(p.Id, ["Неразобранное", "Первичный контакт", "Переговоры", "Успешно реализовано", "Закрыто и не реализовано"], "created");

        var invoice = Guid.NewGuid();
        var added = Invoice(p, 2, invoice);
        await app.PublishAsync(new StageAdded(added, invoice));
        await UntilAsync(p.Id, ["Неразобранное", "Первичный контакт", "Переговоры", "Счёт", "Успешно реализовано", "Закрыто и не реализовано"], "added before won");

        var renamed = added.WithStage(p.First, s => s with { Name = "Знакомство", Color = "#000000", Probability = 5 }) with { Version = 3 };
        var reordered = renamed with
        {
            Version = 4,
            Stages = [.. renamed.Stages.OrderBy(s => s.StageId == p.Second ? 1 : s.StageId == p.First ? 2 : s.Position == 0 ? 0 : s.Position + 10)
                .Select((s, i) => s with { Position = i })],
        };
        await app.PublishAsync(new StageUpdated(renamed, p.First));
        await app.PublishAsync(new StagesReordered(reordered));
        await UntilAsync(p.Id, ["Неразобранное", "Переговоры", "Знакомство", "Счёт", "Успешно реализовано", "Закрыто и не реализовано"], "renamed and reordered");
        await using (var db = await app.OpenDatabaseAsync())
        {
            Assert.Equal(("#000000", 5), await db.QuerySingleAsync<(string, int)>(
                "select color, probability from deals.stages where id = @First", new { p.First }));
        }

        var removed = reordered with { Version = 5, Stages = [.. reordered.Stages.Where(s => s.StageId != p.Second).Select((s, i) => s with { Position = i })] };
        await app.PublishAsync(new StageRemoved(removed, p.Second));
        await UntilAsync(p.Id, ["Неразобранное", "Знакомство", "Счёт", "Успешно реализовано", "Закрыто и не реализовано"], "removed");
        await using (var db = await app.OpenDatabaseAsync())
        {
            // The removed stage's row stays, retired, so that history still names it.
            Assert.True(await db.ExecuteScalarAsync<bool>("select retired from deals.stages where id = @Second", new { p.Second }));
        }

        await app.PublishAsync(new PipelineUpdated(removed with { Version = 6, Name = "Переименована", Position = 3, Archived = true }));
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            var row = await db.QuerySingleAsync<(string Name, bool Archived, string Kind, int Version)>(
                "select name, archived, kind, version from deals.pipelines where id = @Id", new { p.Id });
            return row == ("Переименована", true, PipelineKinds.Sales, 6);
        }, "pipeline updated");
    }

    [Fact]
    public async Task States_delivered_out_of_order_and_twice_leave_the_copy_at_the_newest()
    {
        var p = new TestPipeline(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var invoice = Guid.NewGuid();
        var newest = Invoice(p, 3, invoice).WithStage(p.First, s => s with { Name = "Знакомство" });
        var created = new PipelineCreated(p.State(1, "Порядок"));
        var renamed = new PipelineUpdated(p.State(2, "Порядок 2"));
        var added = new StageAdded(newest with { Name = "Порядок 3" }, invoice);

        // The newest first (as if the older ones were retried), then the older ones.
        await app.PublishAsync(added);
        await Eventually.TrueAsync(async () => await VersionAsync(p.Id) == 3, "the newest state");
        await app.PublishAsync(renamed);
        await app.PublishAsync(created);
        await using var db = await app.OpenDatabaseAsync();
        await Eventually.TrueAsync(() => BusState.AllDeliveredAsync(db, "%Pipelines.Contracts%"), "the older states delivered");

        // And each once more.
        foreach (var e in new Crm.BuildingBlocks.Abstractions.IntegrationEvent[] { created, renamed, added })
        {
            await BusState.DeliverAgainAsync(db, e.Id, "Deals.CopyPipelines");
        }
        await Eventually.TrueAsync(() => BusState.AllDeliveredAsync(db, "%Pipelines.Contracts%"), "delivered again");

        Assert.Equal(3, await VersionAsync(p.Id));
        Assert.Equal("Порядок 3", await db.ExecuteScalarAsync<string>("select name from deals.pipelines where id = @Id", new { p.Id }));
        Assert.Equal(["Неразобранное", "Знакомство", "Переговоры", "Счёт", "Успешно реализовано", "Закрыто и не реализовано"], await StageNamesAsync(p.Id));
    }
}
