using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Tasks.Contracts;
using Dapper;

namespace Crm.Modules.Tasks.Common;

/// <summary>
/// Inserts a task and publishes TaskCreated: shared by CreateTask, the next task of CompleteTask
/// and ImportTasks. The responsible defaults to the deal's responsible for a task on a deal, else
/// to the author. The task takes its link's folded name from the copy (<see cref="LinkSearch"/>).
/// </summary>
internal sealed class NewTask(DbSession db, IEventPublisher events, EventCatchUp catchUp, TimeProvider clock)
{
    public async Task<TaskRow> CreateAsync(ITaskFields fields, Guid authorId, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await TaskChecks.EnsureTypeAsync(conn, fields.TypeId!.Value);
        var dealResponsible = await TaskChecks.EnsureLinkAsync(conn, catchUp, fields.LinkKind, fields.LinkId, ct);
        var responsibleId = fields.ResponsibleId ?? dealResponsible ?? authorId;
        if (fields.ResponsibleId is not null)
        {
            await TaskChecks.EnsureResponsibleAsync(conn, catchUp, responsibleId, authorId, ct);
        }
        var zone = await UserZone.OfUserAsync(conn, responsibleId);
        var (dueAt, dueDate) = Due(fields, zone);
        var now = clock.GetUtcNow();
        var task = await conn.QuerySingleAsync<TaskRow>(
            $"""
            insert into tasks.tasks (id, type_id, text, due_at, all_day, due_date, duration_minutes, responsible_id,
                link_kind, link_id, link_search, author_id, created_at, updated_at, remind_at)
            values (@Id, @TypeId, @Text, @DueAt, @AllDay, @DueDate::date, @DurationMinutes, @ResponsibleId,
                @LinkKind, @LinkId, {LinkSearch.OfLink}, @AuthorId, @Now, @Now, @RemindAt)
            returning {TaskRow.Columns}
            """,
            new
            {
                Id = Guid.CreateVersion7(),
                TypeId = fields.TypeId.Value,
                Text = fields.Text!.Trim(),
                DueAt = dueAt,
                fields.AllDay,
                DueDate = dueDate?.ToDateTime(TimeOnly.MinValue),
                DurationMinutes = fields.AllDay ? null : fields.DurationMinutes,
                ResponsibleId = responsibleId,
                fields.LinkKind,
                LinkId = fields.LinkKind is null ? null : fields.LinkId,
                AuthorId = authorId,
                Now = now,
                RemindAt = zone.RemindAt(dueAt, dueDate),
            });
        await events.PublishAsync(new TaskCreated(task.ToState(), authorId), ct);
        return task;
    }

    /// <summary>The due instant, and the day for an all-day task (its last second, in the responsible's zone).</summary>
    public static (DateTimeOffset DueAt, DateOnly? DueDate) Due(ITaskFields fields, UserZone zone) =>
        fields.AllDay
            ? (zone.EndOf(fields.DueDate!.Value), fields.DueDate)
            : (fields.DueAt!.Value.ToUniversalTime(), null);
}
