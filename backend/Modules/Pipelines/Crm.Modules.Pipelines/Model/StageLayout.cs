using Crm.BuildingBlocks.Localization;
using Crm.Modules.Pipelines.Contracts;

namespace Crm.Modules.Pipelines.Model;

/// <summary>
/// Where stages of each kind may stand. Sales: at most one unsorted stage, first; open stages;
/// then won, then lost. To-do: open stages, then won (done). At least one open stage in both.
/// </summary>
internal static class StageLayout
{
    /// <summary>Null when <paramref name="kinds"/> (the stage kinds, first to last) is a valid pipeline of this kind; else why not.</summary>
    public static string? Check(string pipelineKind, IReadOnlyList<string> kinds)
    {
        var unsorted = kinds.Count(k => k == StageKinds.Unsorted);
        var won = kinds.Count(k => k == StageKinds.Won);
        var lost = kinds.Count(k => k == StageKinds.Lost);
        var open = kinds.Count(k => k == StageKinds.Open);
        if (pipelineKind == PipelineKinds.Todo)
        {
            if (unsorted > 0)
            {
                return NoUnsortedInTodo();
            }
            if (lost > 0)
            {
                return NoLostInTodo();
            }
            if (won != 1)
            {
                return T.Pick("В воронке задач ровно один завершающий этап", "A to-do pipeline has exactly one done stage");
            }
            if (kinds[^1] != StageKinds.Won)
            {
                return T.Pick("Завершающий этап стоит последним", "The done stage comes last");
            }
        }
        else
        {
            if (unsorted > 1)
            {
                return OneUnsortedOnly();
            }
            if (unsorted == 1 && kinds[0] != StageKinds.Unsorted)
            {
                return T.Pick("Этап «Неразобранное» стоит первым", "The unsorted stage comes first");
            }
            if (won != 1 || lost != 1)
            {
                return T.Pick("В воронке ровно один успешный и один проигранный этап", "A pipeline has exactly one won and one lost stage");
            }
            if (kinds.Count < 2 || kinds[^2] != StageKinds.Won || kinds[^1] != StageKinds.Lost)
            {
                return T.Pick("Успешный и проигранный этапы стоят последними: сначала успешный, потом проигранный",
                    "The won and lost stages come last: won, then lost");
            }
        }
        return open == 0 ? NeedsAnOpenStage() : null;
    }

    /// <summary>Why a stage of this kind cannot be added to this pipeline whatever its place, or null.</summary>
    public static string? CheckNewKind(string pipelineKind, string stageKind, IReadOnlyList<string> existing)
    {
        if (pipelineKind == PipelineKinds.Todo && stageKind == StageKinds.Unsorted)
        {
            return NoUnsortedInTodo();
        }
        if (pipelineKind == PipelineKinds.Todo && stageKind == StageKinds.Lost)
        {
            return NoLostInTodo();
        }
        if (stageKind == StageKinds.Unsorted && existing.Contains(StageKinds.Unsorted))
        {
            return OneUnsortedOnly();
        }
        if (stageKind is StageKinds.Won or StageKinds.Lost && existing.Contains(stageKind))
        {
            return T.Pick("Такой закрывающий этап в воронке уже есть", "The pipeline already has a closing stage of this kind");
        }
        return null;
    }

    /// <summary>Where a new stage goes when no position is given: unsorted first, others before the closing stages.</summary>
    public static int DefaultPosition(string stageKind, IReadOnlyList<string> existing)
    {
        if (stageKind == StageKinds.Unsorted)
        {
            return 0;
        }
        var firstClosing = existing.ToList().FindIndex(k => k is StageKinds.Won or StageKinds.Lost);
        return firstClosing < 0 ? existing.Count : firstClosing;
    }

    public static string NeedsAnOpenStage() =>
        T.Pick("В воронке должен остаться хотя бы один открытый этап", "A pipeline needs at least one open stage");

    private static string OneUnsortedOnly() =>
        T.Pick("В воронке может быть только один этап «Неразобранное»", "A pipeline can have only one unsorted stage");

    private static string NoUnsortedInTodo() =>
        T.Pick("В воронке задач нет этапа «Неразобранное»", "A to-do pipeline has no unsorted stage");

    private static string NoLostInTodo() =>
        T.Pick("В воронке задач нет проигранного этапа", "A to-do pipeline has no lost stage");
}
