using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Pipelines.Contracts;
using Dapper;

namespace Crm.Modules.Deals.Features;

// Deals keeps its own copy of pipelines and stages (deals.pipelines, deals.stages) from Pipelines'
// events: to validate where a deal may stand, to lay out the board and to name stages in the
// history. Events may come in any order (a stage before its pipeline), so there are no foreign
// keys and every write is an upsert.

internal sealed class OnPipelineCreated(DbSession db) : IIntegrationEventHandler<PipelineCreated>
{
    public async ValueTask Handle(PipelineCreated e, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteAsync(
            """
            insert into deals.pipelines (id, name, kind, position, archived) values (@PipelineId, @Name, @Kind, @Position, false)
            on conflict (id) do update set name = excluded.name, kind = excluded.kind, position = excluded.position
            """,
            new { e.PipelineId, e.Name, e.Kind, e.Position });
}

internal sealed class OnPipelineUpdated(DbSession db) : IIntegrationEventHandler<PipelineUpdated>
{
    public async ValueTask Handle(PipelineUpdated e, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteAsync(
            """
            insert into deals.pipelines (id, name, kind, position, archived) values (@PipelineId, @Name, '', @Position, @Archived)
            on conflict (id) do update set name = excluded.name, position = excluded.position, archived = excluded.archived
            """,
            new { e.PipelineId, e.Name, e.Position, e.Archived });
}

internal sealed class OnStageAdded(DbSession db) : IIntegrationEventHandler<StageAdded>
{
    public async ValueTask Handle(StageAdded e, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync(
            "update deals.stages set position = position + 1 where pipeline_id = @PipelineId and position >= @Position and id <> @StageId",
            new { e.PipelineId, e.Position, e.StageId });
        await conn.ExecuteAsync(
            """
            insert into deals.stages (id, pipeline_id, name, kind, position) values (@StageId, @PipelineId, @Name, @Kind, @Position)
            on conflict (id) do update set pipeline_id = excluded.pipeline_id, name = excluded.name, kind = excluded.kind, position = excluded.position
            """,
            new { e.StageId, e.PipelineId, e.Name, e.Kind, e.Position });
    }
}

internal sealed class OnStageUpdated(DbSession db) : IIntegrationEventHandler<StageUpdated>
{
    public async ValueTask Handle(StageUpdated e, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteAsync(
            "update deals.stages set name = @Name where id = @StageId", new { e.StageId, e.Name });
}

internal sealed class OnStagesReordered(DbSession db) : IIntegrationEventHandler<StagesReordered>
{
    public async ValueTask Handle(StagesReordered e, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteAsync(
            """
            update deals.stages s set position = (o.n - 1)::int
            from unnest(@Ids) with ordinality as o(id, n)
            where s.id = o.id and s.pipeline_id = @PipelineId
            """,
            new { e.PipelineId, Ids = e.StageIds.ToArray() });
}

internal sealed class OnStageRemoved(DbSession db) : IIntegrationEventHandler<StageRemoved>
{
    public async ValueTask Handle(StageRemoved e, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var position = await conn.ExecuteScalarAsync<int?>(
            "delete from deals.stages where id = @StageId returning position", new { e.StageId });
        if (position is not null)
        {
            await conn.ExecuteAsync(
                "update deals.stages set position = position - 1 where pipeline_id = @PipelineId and position > @position",
                new { e.PipelineId, position });
        }
    }
}
