using System.Data;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Jobs;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Dapper;
using FluentValidation;

namespace Crm.Modules.Tasks.Common;

/// <summary>
/// The task planned on each of many deals («Запланировать задачу» in the deals table's bulk bar): the fields
/// of a task without its link (each deal is the link). <see cref="ResponsibleId"/> left out: each deal's own
/// responsible.
/// </summary>
internal sealed record PlannedTask(
    Guid? TypeId, string? Text, DateTimeOffset? DueAt, bool AllDay, DateOnly? DueDate, int? DurationMinutes, Guid? ResponsibleId)
    : ITaskFields
{
    string? ITaskFields.LinkKind => null;

    Guid? ITaskFields.LinkId => null;
}

/// <summary>A request to plan a task on many deals: the deals' ids and the task.</summary>
internal interface IBulkPlanRequest
{
    IReadOnlyList<Guid>? DealIds { get; }
    PlannedTask? Task { get; }
}

/// <summary>The rules of a bulk plan's request: 1 to <paramref name="max"/> deals and the task's own fields (errors on <c>task.*</c>).</summary>
internal sealed class BulkPlanRules<TRequest> : AbstractValidator<TRequest> where TRequest : IBulkPlanRequest
{
    public BulkPlanRules(int max)
    {
        RuleFor(c => c.DealIds).Must(ids => ids is { Count: > 0 } && ids.Count <= max)
            .WithMessage(_ => T.Pick($"Выберите от 1 до {max:N0} сделок", $"Choose 1 to {max:N0} deals"));
        RuleFor(c => c.Task).NotNull().WithMessage(_ => T.Pick("Опишите задачу", "Describe the task"));
        RuleFor(c => c.Task!).SetValidator(new TaskFieldsRules<PlannedTask>()).When(c => c.Task is not null);
    }
}

/// <summary>
/// Plans a task on each of the given deals, by Tasks' own rules (<see cref="NewTask"/>: the type, the deal
/// in Tasks' copy, the responsible; TaskCreated through the outbox), in the caller's transaction. A deal Tasks
/// does not know (or deleted) is refused, and so is, for a manager, a deal that is not theirs: a manager plans
/// tasks in bulk on their own deals only. The others are planned; the answer says which were refused and why.
/// </summary>
internal sealed class BulkPlan(DbSession db, NewTask newTask, CurrentUser currentUser, EventCatchUp catchUp)
{
    /// <summary>The action a bulk job of Tasks names (BulkJobs reads <c>command.action</c>).</summary>
    public const string Action = "planTask";

    /// <summary>A bulk job's command: the task planned on each of its deals.</summary>
    public sealed record JobCommand(string Action, PlannedTask Task);

    private sealed record Deal(Guid Id, string Name, Guid? ResponsibleId, bool Deleted);

    /// <summary>One deal as the link of the planned task.</summary>
    private sealed record OnDeal(PlannedTask Task, Guid DealId) : ITaskFields
    {
        public Guid? TypeId => Task.TypeId;
        public string? Text => Task.Text;
        public DateTimeOffset? DueAt => Task.DueAt;
        public bool AllDay => Task.AllDay;
        public DateOnly? DueDate => Task.DueDate;
        public int? DurationMinutes => Task.DurationMinutes;
        public Guid? ResponsibleId => Task.ResponsibleId;
        public string? LinkKind => LinkKinds.Deal;
        public Guid? LinkId => DealId;
    }

    /// <summary>The task's type exists and its chosen responsible is an active user (else 400 on <c>task.typeId</c>, <c>task.responsibleId</c>).</summary>
    public static async Task EnsureTaskAsync(IDbConnection conn, EventCatchUp catchUp, PlannedTask task, CurrentUser user, CancellationToken ct)
    {
        try
        {
            await TaskChecks.EnsureTypeAsync(conn, task.TypeId!.Value);
            if (task.ResponsibleId is { } responsible)
            {
                await TaskChecks.EnsureResponsibleAsync(conn, catchUp, responsible, user.Id, ct);
            }
        }
        catch (FieldValidationException e)
        {
            throw new FieldValidationException($"task.{e.Field}", e.Message);
        }
    }

    public async Task<BulkResult> PlanAsync(PlannedTask task, IReadOnlyList<Guid> dealIds, CancellationToken ct)
    {
        var ids = dealIds.Distinct().ToArray();
        var conn = await db.ConnectionAsync(ct);
        var refused = new List<BulkRefusal>();
        try
        {
            await EnsureTaskAsync(conn, catchUp, task, currentUser, ct);
        }
        catch (FieldValidationException e)
        {
            // the type deleted or the responsible deactivated since the job began: nothing of this chunk can be planned
            return new BulkResult(0, 0, [.. ids.Select(id => new BulkRefusal(id, null, e.Message))]);
        }
        var deals = await DealsAsync(conn, ids, ct);
        var planned = 0;
        foreach (var id in ids)
        {
            if (!deals.TryGetValue(id, out var deal) || deal.Deleted)
            {
                refused.Add(new BulkRefusal(id, deal?.Name, T.Pick("Сделка не найдена", "The deal was not found")));
            }
            else if (!currentUser.IsSupervisor && deal.ResponsibleId != currentUser.Id)
            {
                refused.Add(new BulkRefusal(id, deal.Name, T.Pick(
                    "Менеджер планирует задачи списком только по своим сделкам",
                    "A manager plans tasks in bulk on their own deals only")));
            }
            else
            {
                await newTask.CreateAsync(new OnDeal(task, id), currentUser.Id, ct);
                planned++;
            }
        }
        return new BulkResult(planned, 0, refused);
    }

    /// <summary>Tasks' copies of the deals; one created a moment ago (its event not yet taken) is waited for: read-your-writes.</summary>
    private async Task<Dictionary<Guid, Deal>> DealsAsync(IDbConnection conn, Guid[] ids, CancellationToken ct)
    {
        const string sql = "select id as Id, name as Name, responsible_id as ResponsibleId, deleted as Deleted from tasks.deals where id = any(@ids)";
        var deals = (await conn.QueryAsync<Deal>(sql, new { ids })).ToDictionary(d => d.Id);
        var missing = ids.Where(id => !deals.ContainsKey(id)).ToArray();
        if (missing.Length == 0)
        {
            return deals;
        }
        foreach (var id in missing)
        {
            await catchUp.WaitAsync(TasksModule.ModuleName, id, ct);
        }
        foreach (var deal in await conn.QueryAsync<Deal>(sql, new { ids = missing }))
        {
            deals[deal.Id] = deal;
        }
        return deals;
    }
}
