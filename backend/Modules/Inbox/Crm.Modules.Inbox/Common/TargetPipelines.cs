using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// Where a request may wait: a live pipeline with an unsorted stage, in Inbox's copy (a pipeline
/// created a moment ago is waited for). The one check for a request filed (<see cref="NewRequest"/>)
/// and a form set up to file them.
/// </summary>
internal static class TargetPipelines
{
    private sealed record PipelineCopy(Guid Id, bool Archived, Guid? UnsortedStageId);

    /// <summary>Why the pipeline takes no requests (a message for the user), or null when it takes them.</summary>
    public static async Task<string?> RefusalAsync(IDbConnection conn, EventCatchUp catchUp, Guid pipelineId, CancellationToken ct)
    {
        const string Sql = "select id as Id, archived as Archived, unsorted_stage_id as UnsortedStageId from inbox.pipelines where id = @pipelineId";
        var pipeline = await conn.QuerySingleOrDefaultAsync<PipelineCopy>(Sql, new { pipelineId });
        if (pipeline is null)
        {
            await catchUp.WaitAsync(InboxModule.ModuleName, pipelineId, ct);
            pipeline = await conn.QuerySingleOrDefaultAsync<PipelineCopy>(Sql, new { pipelineId });
        }
        return pipeline switch
        {
            null => T.Pick("Такой воронки нет", "There is no such pipeline"),
            { Archived: true } => T.Pick("Воронка в архиве", "The pipeline is archived"),
            { UnsortedStageId: null } => T.Pick("В воронке нет этапа «Неразобранное»", "The pipeline has no unsorted stage"),
            _ => null,
        };
    }

    /// <summary>Refuses (400 on <c>pipelineId</c>) a pipeline that takes no requests.</summary>
    public static async Task EnsureAsync(IDbConnection conn, EventCatchUp catchUp, Guid pipelineId, CancellationToken ct)
    {
        if (await RefusalAsync(conn, catchUp, pipelineId, ct) is { } refusal)
        {
            throw new FieldValidationException("pipelineId", refusal);
        }
    }
}
