using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Pipelines.Model;

internal static class PipelineGuards
{
    public static NotFoundException PipelineNotFound() => new(T.Pick("Воронка не найдена", "Pipeline not found"));

    public static NotFoundException StageNotFound() => new(T.Pick("Этап не найден", "Stage not found"));

    /// <summary>
    /// Locks the pipeline's row for the rest of the transaction and returns its kind, or 404. Every
    /// write to a pipeline's stages takes this lock first, so their names and places change one writer at a time.
    /// </summary>
    public static async Task<string> LockPipelineAsync(IDbConnection conn, Guid pipelineId) =>
        await conn.QuerySingleOrDefaultAsync<string>(
            "select kind from pipelines.pipelines where id = @pipelineId for update", new { pipelineId })
        ?? throw PipelineNotFound();

    /// <summary>Serialises writers of the list of pipelines (names and positions); stage writers are not blocked.</summary>
    public static Task LockPipelineListAsync(IDbConnection conn) =>
        conn.ExecuteAsync("lock table pipelines.pipelines in share row exclusive mode");

    /// <summary>After a versioned update of a pipeline touched no row: was it missing, or changed by someone else?</summary>
    public static async Task ThrowMissingOrStalePipelineAsync(IDbConnection conn, Guid id)
    {
        var exists = await conn.ExecuteScalarAsync<bool>("select exists (select 1 from pipelines.pipelines where id = @id)", new { id });
        throw exists
            ? new ConcurrencyConflictException(T.Pick(
                "Воронку уже изменил кто-то другой. Обновите страницу и повторите.",
                "Someone else has changed this pipeline. Reload and try again."))
            : PipelineNotFound();
    }

    public static ConcurrencyConflictException StaleStage() => new(T.Pick(
        "Этап уже изменил кто-то другой. Обновите страницу и повторите.",
        "Someone else has changed this stage. Reload and try again."));
}
