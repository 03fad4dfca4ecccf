using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.Modules.Pipelines.Contracts;
using Dapper;

namespace Crm.Modules.Pipelines.Model;

/// <summary>A stage to create with a new pipeline.</summary>
internal sealed record StageSpec(string Name, string Color, string Kind, int Probability);

/// <summary>
/// Inserts a pipeline at the end of the list with its stages, and publishes PipelineCreated with
/// them (version 1): shared by CreatePipeline and SeedPipelines.
/// </summary>
internal sealed class NewPipeline(DbSession db, IEventPublisher events, TimeProvider clock)
{
    public async Task<Guid> CreateAsync(string name, string kind, IReadOnlyList<StageSpec> stages, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await PipelineGuards.LockPipelineListAsync(conn);
        name = PipelineRules.NormalizeName(name);
        if (await conn.ExecuteScalarAsync<bool>(
            "select exists (select 1 from pipelines.pipelines where lower(name) = lower(@name))", new { name }))
        {
            throw new FieldValidationException("name", NameTaken());
        }
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        await conn.ExecuteAsync(
            """
            insert into pipelines.pipelines (id, name, kind, position, created_at, updated_at)
            values (@id, @name, @kind, (select coalesce(max(position) + 1, 0) from pipelines.pipelines), @now, @now)
            """,
            new { id, name, kind, now });
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var stageId = Guid.CreateVersion7();
            await conn.ExecuteAsync(
                """
                insert into pipelines.stages (id, pipeline_id, name, color, kind, probability, position)
                values (@stageId, @id, @Name, @Color, @Kind, @Probability, @i);
                insert into pipelines.stage_occupancy (stage_id) values (@stageId);
                """,
                new { stageId, id, stage.Name, stage.Color, stage.Kind, stage.Probability, i });
        }
        await events.PublishAsync(new PipelineCreated(await PipelineStates.ReadAsync(conn, id)), ct);
        return id;
    }

    public static string NameTaken() =>
        T.Pick("Воронка с таким названием уже есть", "A pipeline with this name already exists");

    /// <summary>The stages a new pipeline starts with (docs/pipelines-deals-api.md).</summary>
    public static IReadOnlyList<StageSpec> DefaultStages(string kind) => kind == PipelineKinds.Todo
        ?
        [
            new("Новое", "#99CCFF", StageKinds.Open, 10),
            new("В работе", "#FFCC66", StageKinds.Open, 50),
            new("Выполнено", "#66CC66", StageKinds.Won, 100),
        ]
        :
        [
            new("Неразобранное", "#C0C0C0", StageKinds.Unsorted, 10),
            new("Первичный контакт", "#99CCFF", StageKinds.Open, 20),
            new("Успешно реализовано", "#66CC66", StageKinds.Won, 100),
            new("Закрыто и не реализовано", "#FF6666", StageKinds.Lost, 0),
        ];
}
