using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Pipelines.Contracts;
using Dapper;
using Npgsql;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// Deals' copy of pipelines and their stages (deals.pipelines, deals.stages), from the
/// <see cref="PipelineState"/> every pipeline event carries: to validate where a deal may stand, to
/// lay out the board and to name stages in the history. A pipeline and its stages are one
/// aggregate: when the state is newer than the copy, the pipeline row is replaced and so are its
/// stage rows; a stage no longer in the state is retired (its row stays, for names).
/// <para>
/// Also Deals' side of removing a stage (ADR 0007): a stage under a removal request that Deals has
/// not answered is decided here, with the stage's row locked by the write above. Creating a deal in a
/// stage and moving one to it lock the same row (<c>Stages.EnterableAsync</c>, for share), so either
/// the deal is in and counted here, or it comes after and finds the stage retired.
/// </para>
/// </summary>
internal sealed class CopyPipelines(DbSession db, IEventPublisher events) : IStateHandler<PipelineState>
{
    public async ValueTask Handle(PipelineState? pipeline, IntegrationEvent integrationEvent, CancellationToken ct)
    {
        // A payload of the shape before states (no "pipeline") cannot be applied: dead at once, visible.
        var p = pipeline ?? throw new PoisonEventException("A pipeline event without its state (published before M0013): republish Pipelines.");
        var conn = await db.ConnectionAsync(ct);
        var written = await conn.UpsertIfNewerAsync(
            "deals.pipelines", new { Id = p.PipelineId, p.Version, p.Name, p.Kind, p.Position, p.Archived }, ct);
        if (!written)
        {
            return;
        }
        var stages = p.Stages;
        await conn.ExecuteAsync(
            """
            insert into deals.stages (id, pipeline_id, name, color, kind, probability, position, removal_request)
            select s.id, @PipelineId, s.name, s.color, s.kind, s.probability, s.position, s.removal_request
            from unnest(@Ids, @Names, @Colors, @Kinds, @Probabilities, @Positions, @Requests)
                as s (id, name, color, kind, probability, position, removal_request)
            order by s.id
            on conflict (id) do update set
                pipeline_id = excluded.pipeline_id, name = excluded.name, color = excluded.color, kind = excluded.kind,
                probability = excluded.probability, position = excluded.position, removal_request = excluded.removal_request;
            update deals.stages set retired = true, removal_request = null
            where pipeline_id = @PipelineId and not retired and id <> all(@Ids);
            """,
            new
            {
                p.PipelineId,
                Ids = stages.Select(s => s.StageId).ToArray(),
                Names = stages.Select(s => s.Name).ToArray(),
                Colors = stages.Select(s => s.Color).ToArray(),
                Kinds = stages.Select(s => s.Kind).ToArray(),
                Probabilities = stages.Select(s => s.Probability).ToArray(),
                Positions = stages.Select(s => s.Position).ToArray(),
                Requests = stages.Select(s => s.RemovalRequest).ToArray(),
            });
        foreach (var stage in stages.Where(s => s.RemovalRequest is not null))
        {
            await AnswerRemovalAsync(conn, p.PipelineId, stage.StageId, stage.RemovalRequest!.Value, ct);
        }
    }

    private sealed record Copy(bool Retired, int? AnsweredRequest);

    /// <summary>Vacates the stage if no deal stands in it, else refuses; once per request.</summary>
    private async Task AnswerRemovalAsync(NpgsqlConnection conn, Guid pipelineId, Guid stageId, int request, CancellationToken ct)
    {
        var copy = await conn.QuerySingleAsync<Copy>(
            "select retired as Retired, answered_request as AnsweredRequest from deals.stages where id = @stageId for update",
            new { stageId });
        if (copy.Retired || copy.AnsweredRequest == request)
        {
            return;
        }
        // A fresh snapshot: every deal put in the stage by a transaction that held the row before us is counted.
        var deals = await conn.ExecuteScalarAsync<int>(
            "select count(*) from deals.deals where stage_id = @stageId and deleted_at is null", new { stageId });
        await conn.ExecuteAsync(
            "update deals.stages set answered_request = @request, retired = @vacated where id = @stageId",
            new { stageId, request, vacated = deals == 0 });
        if (deals == 0)
        {
            await events.PublishAsync(new StageVacated(pipelineId, stageId, request), ct);
        }
        else
        {
            await events.PublishAsync(new StageRemovalRefused(pipelineId, stageId, request, deals), ct);
        }
    }
}
