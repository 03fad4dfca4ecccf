using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.Modules.Pipelines.Contracts;
using Dapper;
using FluentValidation;
using FluentValidation.Results;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// A deal of a To-Do pipeline is a job, not a sale (the manual's «To-Do»: an assignment from the
/// head of sales or accounting, "когда задание было создано, какой крайний срок выполнения"). It
/// has a title, a responsible and a deadline (<c>deadline</c>, the job's own; its tasks are the
/// reminders on the way), and it is done (the pipeline's won stage, «Выполнено») or not yet. It
/// has no budget, no goal of negotiations and no loss. A value that breaks this is refused (400 on
/// its field, all of them at once) rather than dropped in silence; a budget or goal the job already
/// holds (data from before the rule) may be sent back unchanged, and a job without a deadline from
/// before the rule is saved as it is until one is given.
/// </summary>
internal static class TodoJobs
{
    /// <summary>Whether the pipeline is a To-Do one, as Deals' copy of Pipelines says.</summary>
    public static async Task<bool> IsTodoAsync(IDbConnection conn, Guid pipelineId) =>
        await conn.ExecuteScalarAsync<string?>(
            "select kind from deals.pipelines where id = @pipelineId", new { pipelineId }) == PipelineKinds.Todo;

    /// <summary>The fields of a new job: 400 with every broken rule.</summary>
    public static void CheckNew(string? name, decimal? budget, string? goal, DateTimeOffset? deadline) =>
        Throw(Broken(name, budget, goal, deadline, kept: null));

    /// <summary>The fields of a job saved from the card or the API: 400 with every broken rule.</summary>
    public static void CheckChange(DealRow job, string? name, decimal? budget, string? goal, DateTimeOffset? deadline) =>
        Throw(Broken(name, budget, goal, deadline, kept: job));

    /// <summary>A job is done or not; it is not lost (400 on stageId; the pipeline has no lost stage either).</summary>
    public static FieldValidationException CannotBeLost() => new("stageId", T.Pick(
        "Задание To-Do не проигрывается: его можно только выполнить («Выполнено»)",
        "A To-Do job is not lost: it can only be done"));

    private static IEnumerable<ValidationFailure> Broken(string? name, decimal? budget, string? goal, DateTimeOffset? deadline, DealRow? kept)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            yield return new("name", T.Pick("Назовите задание: что нужно сделать", "Name the job: what is to be done"));
        }
        if (deadline is null && (kept is null || kept.Deadline is not null))
        {
            yield return new("deadline", T.Pick("Укажите крайний срок задания", "Give the job a deadline"));
        }
        if (budget is not null && budget != kept?.Budget)
        {
            yield return new("budget", T.Pick("У задания To-Do нет бюджета", "A To-Do job has no budget"));
        }
        if (DealRules.Clean(goal) is { } text && text != kept?.Goal)
        {
            yield return new("goal", T.Pick("У задания To-Do нет цели переговоров", "A To-Do job has no goal of negotiations"));
        }
    }

    private static void Throw(IEnumerable<ValidationFailure> broken)
    {
        var failures = broken.ToList();
        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }
    }
}
