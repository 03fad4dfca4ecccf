using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Tasks.Common;
using Crm.Modules.Tasks.Contracts;
using Dapper;

namespace Crm.Modules.Tasks.Features;

// Tasks keeps each user's time zone, reminder lead time and whether they are active (tasks.users),
// from Identity's events: days and all-day tasks are reckoned in the zone, reminders come the lead
// time before the due time, and only active users can be made responsible.

internal sealed class OnUserCreated(DbSession db) : IIntegrationEventHandler<UserCreated>
{
    public async ValueTask Handle(UserCreated e, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteAsync(
            "insert into tasks.users (id) values (@UserId) on conflict (id) do nothing", new { e.UserId });
}

internal sealed class OnUserDeactivated(DbSession db) : IIntegrationEventHandler<UserDeactivated>
{
    public async ValueTask Handle(UserDeactivated e, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteAsync(
            "insert into tasks.users (id, active) values (@UserId, false) on conflict (id) do update set active = false", new { e.UserId });
}

internal sealed class OnUserActivated(DbSession db) : IIntegrationEventHandler<UserActivated>
{
    public async ValueTask Handle(UserActivated e, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteAsync(
            "insert into tasks.users (id, active) values (@UserId, true) on conflict (id) do update set active = true", new { e.UserId });
}

/// <summary>
/// A new lead time moves the reminders not yet sent. A new time zone moves the user's open all-day
/// tasks to the end of the same day in the new zone (each with a TaskRescheduled), armed again.
/// </summary>
internal sealed class OnUserSettingsChanged(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<UserSettingsChanged>
{
    public async ValueTask Handle(UserSettingsChanged e, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync(
            """
            insert into tasks.users (id, time_zone, reminder_lead_minutes) values (@UserId, @TimeZone, @ReminderLeadMinutes)
            on conflict (id) do update set time_zone = excluded.time_zone, reminder_lead_minutes = excluded.reminder_lead_minutes
            """,
            new { e.UserId, e.TimeZone, e.ReminderLeadMinutes });
        await conn.ExecuteAsync(
            """
            update tasks.tasks set remind_at = due_at - make_interval(mins => @ReminderLeadMinutes)
            where responsible_id = @UserId and completed_at is null and reminded_at is null and not all_day
            """,
            new { e.UserId, e.ReminderLeadMinutes });

        var zone = UserZone.Of(e.TimeZone, e.ReminderLeadMinutes);
        var allDay = await conn.QueryAsync<TaskRow>(
            $"select {TaskRow.Columns} from tasks.tasks where responsible_id = @UserId and completed_at is null and all_day for update",
            new { e.UserId });
        var now = clock.GetUtcNow();
        foreach (var task in allDay)
        {
            var day = task.DueDate!.Value;
            var dueAt = zone.EndOf(day);
            if (dueAt == task.DueAt)
            {
                continue;
            }
            var version = await conn.ExecuteScalarAsync<int>(
                """
                update tasks.tasks set due_at = @DueAt, remind_at = @RemindAt, reminded_at = null, overdue_at = null,
                    updated_at = @Now, version = version + 1
                where id = @Id
                returning version
                """,
                new { task.Id, DueAt = dueAt, RemindAt = zone.RemindAt(dueAt, day), Now = now });
            await events.PublishAsync(new TaskRescheduled(task.Id, task.DueAt, dueAt, true, task.ResponsibleId,
                task.DealId, task.CompanyId, task.ContactId, e.UserId, version), ct);
        }
    }
}
