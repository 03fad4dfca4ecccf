using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Dapper;

namespace Crm.Modules.Tasks.Common;

/// <summary>Checks a command's references against Tasks' own tables and copies, and the rights every change shares.</summary>
internal static class TaskChecks
{
    /// <summary>The type must exist and not be deleted (400 on typeId).</summary>
    public static async Task EnsureTypeAsync(IDbConnection conn, Guid typeId)
    {
        var ok = await conn.ExecuteScalarAsync<bool>(
            "select exists (select 1 from tasks.task_types where id = @typeId and deleted_at is null)", new { typeId });
        if (!ok)
        {
            throw new FieldValidationException("typeId", T.Pick("Нет такого типа задачи", "There is no such task type"));
        }
    }

    /// <summary>
    /// The linked record must be one Tasks has heard of and not deleted (400 on linkId). Returns the
    /// deal's responsible for a deal, so a new task can default to them. A record created a moment
    /// ago (its event committed, not yet in Tasks' copy) is waited for: read-your-writes.
    /// </summary>
    public static async Task<Guid?> EnsureLinkAsync(IDbConnection conn, EventCatchUp catchUp, string? kind, Guid? id, CancellationToken ct)
    {
        if (kind is null || id is null)
        {
            return null;
        }
        var table = LinkKinds.CopyTable(kind);
        var responsible = kind == LinkKinds.Deal ? "responsible_id" : "null::uuid";
        var sql = $"select id as Id, {responsible} as Responsible from {table} where id = @id and not deleted";
        var found = await conn.QuerySingleOrDefaultAsync<LinkRow>(sql, new { id });
        if (found is null)
        {
            await catchUp.WaitAsync(TasksModule.ModuleName, id.Value, ct);
            found = await conn.QuerySingleOrDefaultAsync<LinkRow>(sql, new { id });
        }
        if (found is null)
        {
            throw new FieldValidationException("linkId", kind switch
            {
                LinkKinds.Deal => T.Pick("Сделка не найдена", "Deal not found"),
                LinkKinds.Company => T.Pick("Компания не найдена", "Company not found"),
                _ => T.Pick("Контакт не найден", "Contact not found"),
            });
        }
        return found.Responsible;
    }

    /// <summary>
    /// Someone other than the caller may be made responsible only while they are an active user (400 on
    /// responsibleId). Read-your-writes: the copy is read after it has taken every committed event of that
    /// user (<see cref="EventCatchUp"/>, one indexed query when nothing is pending), so a user created or
    /// activated a moment ago is accepted and one deactivated a moment ago is refused.
    /// </summary>
    public static async Task EnsureResponsibleAsync(IDbConnection conn, EventCatchUp catchUp, Guid responsibleId, Guid me, CancellationToken ct)
    {
        if (responsibleId == me)
        {
            return;
        }
        await catchUp.WaitAsync(TasksModule.ModuleName, responsibleId, ct);
        if (!await conn.ExecuteScalarAsync<bool>(
                "select exists (select 1 from tasks.users where id = @responsibleId and active)", new { responsibleId }))
        {
            throw new FieldValidationException("responsibleId", T.Pick(
                "Ответственный не найден или отключён", "The responsible user does not exist or is deactivated"));
        }
    }

    /// <summary>
    /// Locks the task's row for the rest of the transaction: 404 when missing, 403 when a manager is
    /// neither its author nor responsible, 409 when <paramref name="version"/> is given and stale.
    /// </summary>
    public static async Task<TaskRow> LoadForChangeAsync(IDbConnection conn, Guid id, int? version, CurrentUser user)
    {
        var task = await conn.QuerySingleOrDefaultAsync<TaskRow>(
            $"select {TaskRow.Columns} from tasks.tasks where id = @id for update", new { id })
            ?? throw NotFound();
        if (!user.IsSupervisor && task.AuthorId != user.Id && task.ResponsibleId != user.Id)
        {
            throw new ForbiddenException(T.Pick(
                "Менеджер может менять только свои задачи: поставленные им или ему",
                "A manager may change only their own tasks: those they set or are responsible for"));
        }
        if (version is { } expected && expected != task.Version)
        {
            throw new ConcurrencyConflictException(T.Pick(
                "Задачу уже изменил кто-то другой. Обновите страницу и повторите.",
                "Someone else has changed this task. Reload and try again."));
        }
        return task;
    }

    public static void EnsureOpen(TaskRow task)
    {
        if (!task.IsOpen)
        {
            throw new ConcurrencyConflictException(T.Pick("Задача уже выполнена", "The task is already completed"));
        }
    }

    private sealed record LinkRow(Guid Id, Guid? Responsible);

    public static NotFoundException NotFound() => new(T.Pick("Задача не найдена", "Task not found"));
}
