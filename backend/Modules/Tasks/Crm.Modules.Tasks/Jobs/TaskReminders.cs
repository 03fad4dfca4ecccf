using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Tasks.Common;
using Crm.Modules.Tasks.Contracts;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Tasks.Jobs;

/// <summary>
/// Raises TaskReminderDue and TaskOverdue, each once per due time, however many instances poll.
/// A batch of due rows is claimed with <c>for update skip locked</c>, marked (reminded_at,
/// overdue_at) and its events written to the outbox in one transaction: a row is either still
/// unmarked (and nobody has published for it) or marked with its event committed. A second
/// instance skips the rows locked by the first and, once they commit, no longer selects them; a
/// crash rolls the claim back with its events. Nothing is kept in memory between runs.
/// </summary>
internal sealed class TaskReminders(IServiceScopeFactory scopes, TimeProvider clock)
{
    public const int BatchSize = 200;

    /// <summary>One pass: every reminder and overdue notice due now. Returns how many events were raised.</summary>
    public async Task<(int Reminders, int Overdue)> RunAsync(CancellationToken ct)
    {
        var reminders = 0;
        int claimed;
        do
        {
            (claimed, var raised) = await ClaimAsync(RemindersSql, reminder: true, ct);
            reminders += raised;
        }
        while (claimed == BatchSize);
        var overdue = 0;
        do
        {
            (claimed, var raised) = await ClaimAsync(OverdueSql, reminder: false, ct);
            overdue += raised;
        }
        while (claimed == BatchSize);
        return (reminders, overdue);
    }

    // A reminder whose task is already past due is marked without being sent: TaskOverdue says more.
    private const string RemindersSql =
        $"""
        with due as (
            select id from tasks.tasks
            where completed_at is null and reminded_at is null and remind_at <= @Now
            order by remind_at
            limit @Batch
            for update skip locked
        )
        update tasks.tasks t set reminded_at = @Now
        from due where t.id = due.id
        returning {Claimed.Columns}, t.due_at > @Now as Raise
        """;

    private const string OverdueSql =
        $"""
        with due as (
            select id from tasks.tasks
            where completed_at is null and overdue_at is null and due_at < @Now
            order by due_at
            limit @Batch
            for update skip locked
        )
        update tasks.tasks t set overdue_at = @Now
        from due where t.id = due.id
        returning {Claimed.Columns}, true as Raise
        """;

    private async Task<(int Claimed, int Raised)> ClaimAsync(string sql, bool reminder, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var events = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
        await db.BeginAsync(ct);
        try
        {
            var conn = await db.ConnectionAsync(ct);
            var rows = (await conn.QueryAsync<Claimed>(
                sql, new { Now = clock.GetUtcNow(), Batch = BatchSize })).ToList();
            var raised = 0;
            foreach (var row in rows.Where(r => r.Raise))
            {
                // not a change: the task's current state and version, which the claim did not raise
                var task = row.ToState();
                await events.PublishAsync<IntegrationEvent>(reminder ? new TaskReminderDue(task) : new TaskOverdue(task), ct);
                raised++;
            }
            await db.CommitAsync(ct);
            return (rows.Count, raised);
        }
        catch
        {
            await db.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    private sealed record Claimed(
        Guid Id, Guid TypeId, string Text, DateTimeOffset DueAt, bool AllDay, Guid ResponsibleId, string? LinkKind, Guid? LinkId, int Version,
        bool Raise)
    {
        public const string Columns =
            """
            t.id as Id, t.type_id as TypeId, t.text as Text, t.due_at as DueAt, t.all_day as AllDay, t.responsible_id as ResponsibleId,
            t.link_kind as LinkKind, t.link_id as LinkId, t.version as Version
            """;

        public TaskState ToState() => new(
            Id, Version, TypeId, Text, DueAt, AllDay, ResponsibleId, Kind(LinkKinds.Deal), Kind(LinkKinds.Company), Kind(LinkKinds.Contact),
            TaskStatuses.Open);

        private Guid? Kind(string kind) => LinkKind == kind ? LinkId : null;
    }
}
