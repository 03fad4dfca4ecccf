using Crm.BuildingBlocks.Events;
using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.Modules.Pipelines.Contracts;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// A stage as Deals knows it from Pipelines' events (deals.stages). <paramref name="Retired"/>: vacated
/// for removal (or removed), for good. <paramref name="RemovalRequest"/> and <paramref name="AnsweredRequest"/>:
/// the removal request it is under and the last one Deals answered (ADR 0007).
/// </summary>
internal sealed record StageRow(Guid Id, Guid PipelineId, string Name, string Kind, int Position, bool Retired, int? RemovalRequest, int? AnsweredRequest)
{
    public bool IsClosing => Kind is StageKinds.Won or StageKinds.Lost;

    /// <summary>Under a removal request Deals has not answered yet: no deal may enter it until the answer.</summary>
    public bool BeingRemoved => RemovalRequest is { } request && AnsweredRequest != request;
}

/// <summary>Looks stages up in the local copy and checks where a deal may stand.</summary>
internal static class Stages
{
    private const string Columns =
        "id as Id, pipeline_id as PipelineId, name as Name, kind as Kind, position as Position, retired as Retired, " +
        "removal_request as RemovalRequest, answered_request as AnsweredRequest";

    public static Task<StageRow?> FindAsync(IDbConnection conn, Guid id) =>
        conn.QuerySingleOrDefaultAsync<StageRow>($"select {Columns} from deals.stages where id = @id", new { id });

    public static async Task<IReadOnlyList<StageRow>> OfPipelineAsync(IDbConnection conn, Guid pipelineId) =>
        (await conn.QueryAsync<StageRow>(
            $"select {Columns} from deals.stages where pipeline_id = @pipelineId and not retired order by position, name", new { pipelineId })).AsList();

    /// <summary>
    /// A stage of the deal's pipeline that a deal may be put in by hand (not won or lost, not the unsorted
    /// one, which holds Inbox's requests, not being removed): else a 400 on stageId. Its row stays locked (for share) until the transaction ends, so
    /// a removal decided in CopyPipelines either counts this deal or comes first and refuses it here.
    /// A stage added a moment ago may not be in the copy yet: then the pipeline's committed events are
    /// waited for (read-your-writes, <see cref="EventCatchUp"/>) before it says there is no such stage.
    /// </summary>
    public static async Task<StageRow> OpenStageOfAsync(
        IDbConnection conn, EventCatchUp catchUp, Guid stageId, Guid pipelineId, CancellationToken ct)
    {
        var stage = await LockedAsync(conn, stageId);
        if (stage is null)
        {
            await catchUp.WaitAsync(DealsModule.ModuleName, pipelineId, ct);
            stage = await LockedAsync(conn, stageId);
        }
        if (stage is null)
        {
            throw new FieldValidationException("stageId", T.Pick("Такого этапа нет", "There is no such stage"));
        }
        if (Refusal(stage, pipelineId) is { } refusal)
        {
            throw new FieldValidationException("stageId", refusal);
        }
        return stage;
    }

    /// <summary>Why a deal may not be put in the stage by hand (see <see cref="OpenStageOfAsync"/>); null when it may.</summary>
    public static string? Refusal(StageRow stage, Guid pipelineId)
    {
        if (stage.Retired)
        {
            return T.Pick(
                "Этап удалён из воронки: выберите другой", "The stage was removed from the pipeline: choose another one");
        }
        if (stage.BeingRemoved)
        {
            return T.Pick(
                "Этап удаляется из воронки: выберите другой", "The stage is being removed from the pipeline: choose another one");
        }
        if (stage.PipelineId != pipelineId)
        {
            return T.Pick("Этап из другой воронки", "The stage belongs to another pipeline");
        }
        if (stage.IsClosing)
        {
            return T.Pick(
                "Закрыть сделку можно кнопками «Успешно» и «Не реализовано»",
                "Close a deal with won or lost, not by moving it");
        }
        if (stage.Kind == StageKinds.Unsorted)
        {
            return T.Pick(
                "В «Неразобранное» попадают только заявки: выберите другой этап",
                "Only requests land in the unsorted stage: choose another stage");
        }
        return null;
    }

    /// <summary>
    /// Every stage still in a pipeline, in board order (an import's rows name theirs); <paramref name="locked"/>: for
    /// share, as a create locks its stage, until the batch's transaction ends.
    /// </summary>
    public static async Task<IReadOnlyList<StageRow>> AllAsync(IDbConnection conn, bool locked) =>
        (await conn.QueryAsync<StageRow>(locked
            ? $"select {Columns} from deals.stages where not retired order by position, name, id for share"
            : $"select {Columns} from deals.stages where not retired order by position, name, id")).AsList();

    private static Task<StageRow?> LockedAsync(IDbConnection conn, Guid stageId) =>
        conn.QuerySingleOrDefaultAsync<StageRow>($"select {Columns} from deals.stages where id = @stageId for share", new { stageId });

    /// <summary>The pipeline's won or lost stage.</summary>
    public static async Task<StageRow> ClosingStageAsync(IDbConnection conn, Guid pipelineId, string kind) =>
        await conn.QueryFirstOrDefaultAsync<StageRow>(
            $"select {Columns} from deals.stages where pipeline_id = @pipelineId and kind = @kind and not retired order by position limit 1",
            new { pipelineId, kind })
        ?? throw new FieldValidationException("stageId", kind == StageKinds.Won
            ? T.Pick("В воронке нет этапа «Успешно реализовано»", "The pipeline has no won stage")
            : T.Pick("В воронке нет этапа «Закрыто и не реализовано»", "The pipeline has no lost stage"));
}
