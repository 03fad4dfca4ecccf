using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Tasks.Common;
using Crm.Modules.Tasks.Contracts;
using Dapper;
using Npgsql;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// Tasks keeps each user's time zone, reminder lead time and whether they are active (tasks.users),
/// from Identity's events: days and all-day tasks are reckoned in the zone, reminders come the lead
/// time before the due time, and only active users can be made responsible. Every user event carries
/// the user's state, and the copy takes it only when its version is newer, so events in any order,
/// repeated or replayed, leave the newest settings. When the copy changed, the user's reminders not
/// yet sent follow the lead time, and a new time zone moves their open all-day tasks to the end of
/// the same day in that zone (each with a TaskRescheduled), armed again. When the user's credentials
/// were revoked (an admin's password reset, a deactivation), a calendar feed token created before
/// that is deleted: the feed ends for good, also after a re-activation.
/// </summary>
internal sealed class CopyUsers(DbSession db, IEventPublisher events, TimeProvider clock) : IStateHandler<UserState>
{
    /// <summary>A row of tasks.users.</summary>
    private sealed record UserCopy(Guid Id, int Version, string TimeZone, int ReminderLeadMinutes, bool Active, DateTimeOffset? CredentialsRevokedAt);

    public async ValueTask Handle(UserState user, IntegrationEvent integrationEvent, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var written = await conn.UpsertIfNewerAsync(
            "tasks.users", new UserCopy(user.UserId, user.Version, user.TimeZone, user.ReminderLeadMinutes, user.Active, user.CredentialsRevokedAt), ct);
        if (user.CredentialsRevokedAt is { } revokedAt)
        {
            // Also when the copy was newer already: deleting an older token again is harmless.
            await conn.ExecuteAsync(
                "delete from tasks.calendar_tokens where user_id = @UserId and created_at <= @revokedAt",
                new { user.UserId, revokedAt });
        }
        if (written)
        {
            await FollowSettingsAsync(conn, user, ct);
        }
    }

    /// <summary>Idempotent: the reminders and all-day tasks already in step with the settings are left as they are.</summary>
    private async ValueTask FollowSettingsAsync(NpgsqlConnection conn, UserState user, CancellationToken ct)
    {
        await conn.ExecuteAsync(
            """
            update tasks.tasks set remind_at = due_at - make_interval(mins => @ReminderLeadMinutes)
            where responsible_id = @UserId and completed_at is null and reminded_at is null and not all_day
              and remind_at <> due_at - make_interval(mins => @ReminderLeadMinutes)
            """,
            new { user.UserId, user.ReminderLeadMinutes });

        var zone = UserZone.Of(user.TimeZone, user.ReminderLeadMinutes);
        var allDay = await conn.QueryAsync<TaskRow>(
            $"select {TaskRow.Columns} from tasks.tasks where responsible_id = @UserId and completed_at is null and all_day for update",
            new { user.UserId });
        var now = clock.GetUtcNow();
        foreach (var task in allDay)
        {
            var day = task.DueDate!.Value;
            var dueAt = zone.EndOf(day);
            if (dueAt == task.DueAt)
            {
                continue;
            }
            var moved = await conn.QuerySingleAsync<TaskRow>(
                $"""
                update tasks.tasks set due_at = @DueAt, remind_at = @RemindAt, reminded_at = null, overdue_at = null,
                    updated_at = @Now, version = version + 1
                where id = @Id
                returning {TaskRow.Columns}
                """,
                new { task.Id, DueAt = dueAt, RemindAt = zone.RemindAt(dueAt, day), Now = now });
            await events.PublishAsync(new TaskRescheduled(moved.ToState(), task.DueAt, user.UserId), ct);
        }
    }
}
