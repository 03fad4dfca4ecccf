using FluentMigrator;

namespace Crm.Modules.Messaging.Data;

/// <summary>
/// Tasks as Messaging last saw them (from Tasks' events and notices; written only when newer), what a task's
/// reminder or overdue notice is checked against: one that no longer holds (the task done, deleted, moved or
/// given to another) is not left unread. The index finds a task's unread notices.
/// </summary>
[Migration(6, "Tasks as last seen, and a task's unread notices by task")]
internal sealed class M0006_CreateTaskCopies : Migration
{
    public override void Up() => Execute.Sql("""
        create table messaging.tasks (
            id uuid primary key,
            version int not null,
            status text not null,
            due_at timestamptz not null,
            responsible_id uuid not null
        );
        create index ix_notifications_unread_task on messaging.notifications ((data->>'taskId'))
            where read_at is null and kind in ('taskReminder', 'taskOverdue');
        """);

    public override void Down() => Execute.Sql("drop index messaging.ix_notifications_unread_task; drop table messaging.tasks;");
}
