using FluentMigrator;

namespace Crm.Modules.Tasks.Data;

/// <summary>
/// A record's card lists its completed tasks, last done first (ListLinkedTasks): a keyset walk
/// of this partial index. Its open tasks walk ix_tasks_link (M0002).
/// </summary>
[Migration(3, "Completed tasks of a deal, company or contact")]
internal sealed class M0003_LinkedTasks : Migration
{
    public override void Up() => Execute.Sql("""
        create index ix_tasks_link_completed on tasks.tasks (link_id, completed_at desc, id desc)
            where link_id is not null and completed_at is not null;
        """);

    public override void Down() => Execute.Sql("drop index tasks.ix_tasks_link_completed;");
}
