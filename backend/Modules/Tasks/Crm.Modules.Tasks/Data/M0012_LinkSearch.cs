using FluentMigrator;

namespace Crm.Modules.Tasks.Data;

/// <summary>
/// The tasks search (SearchTasks) reads one index: each task holds its linked record's folded name
/// (<c>link_search</c>, the copy's <c>search</c>; '' for a task without a link or whose copy has not come
/// yet), kept by Tasks' own writes and its copies' handlers (<c>Common/LinkSearch</c>), and a trigram
/// index per state covers the task's own folded text and its link's, joined by a line break that a typed
/// text never holds, so no match spans the two. Before, the matching deals, companies and contacts were
/// gathered from their copies' indexes, then their tasks, which took 40–70 ms for a name shared by
/// thousands of records few of which have a task; one per state walks only tasks that match.
/// <para>
/// The statistics <c>st_tasks_found</c> over the same expression (1,000 buckets) tell the planner how many
/// tasks a text matches: the trigram index is the cheaper way for a text in few tasks, and walking the tasks
/// by due time until the limit is for a text in many (a word in every sixth task: 4 ms by due time, 150–260
/// ms gathered from the index). Without them every text was guessed at a few rows (the index, always).
/// The done ones are walked by <c>ix_tasks_done_due</c>: backwards through all tasks by due (ix_tasks_due)
/// a walk passes every open task due later first (400–1,000 ms on 500,000 generated tasks).
/// </para>
/// </summary>
[Migration(12, "Tasks: their linked record's folded name, one trigram index over text and link")]
internal sealed class M0012_LinkSearch : Migration
{
    public override void Up() => Execute.Sql("""
        alter table tasks.tasks add column link_search text not null default '';
        update tasks.tasks t set link_search = d.search from tasks.deals d where t.link_kind = 'deal' and d.id = t.link_id;
        update tasks.tasks t set link_search = c.search from tasks.companies c where t.link_kind = 'company' and c.id = t.link_id;
        update tasks.tasks t set link_search = c.search from tasks.contacts c where t.link_kind = 'contact' and c.id = t.link_id;
        create index ix_tasks_open_found on tasks.tasks using gin ((search || E'\n' || link_search) gin_trgm_ops)
            where completed_at is null;
        create index ix_tasks_done_found on tasks.tasks using gin ((search || E'\n' || link_search) gin_trgm_ops)
            where completed_at is not null;
        -- the done ones by due, the latest first, without walking past the open ones (mostly due later)
        create index ix_tasks_done_due on tasks.tasks (due_at desc, id) where completed_at is not null;
        create statistics tasks.st_tasks_found on ((search || E'\n' || link_search)) from tasks.tasks;
        alter statistics tasks.st_tasks_found set statistics 1000;
        analyze tasks.tasks;
        """);

    public override void Down() => Execute.Sql("""
        drop statistics tasks.st_tasks_found;
        drop index tasks.ix_tasks_done_due;
        drop index tasks.ix_tasks_done_found;
        drop index tasks.ix_tasks_open_found;
        alter table tasks.tasks drop column link_search;
        """);
}
