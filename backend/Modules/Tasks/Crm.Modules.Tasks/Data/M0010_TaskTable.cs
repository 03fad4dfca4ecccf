using FluentMigrator;

namespace Crm.Modules.Tasks.Data;

/// <summary>
/// The tasks table «как в Excel» and the tasks search (ListTaskTable, SearchTasks): the task's text
/// folded (lower case, «ё» as «е») in a generated <c>search</c> column, and its linked record's name the
/// same way in Tasks' copies of deals, companies and contacts, each with a trigram index, so a typed
/// text finds tasks by what they say and by what they are about without a scan. The table's sorts walk
/// a (key, id) index each: all tasks by due time (ix_tasks_open_due holds only the open ones), by
/// creation, by last change, the done ones by completion, and each type's tasks by due time.
/// </summary>
[Migration(10, "Tasks table: folded search text, trigram indexes, sort indexes")]
internal sealed class M0010_TaskTable : Migration
{
    public override void Up() => Execute.Sql("""
        create extension if not exists pg_trgm;
        alter table tasks.tasks add column search text not null
            generated always as (translate(lower(text), 'ё', 'е')) stored;
        create index ix_tasks_search on tasks.tasks using gin (search gin_trgm_ops);
        alter table tasks.deals add column search text not null
            generated always as (translate(lower(name), 'ё', 'е')) stored;
        create index ix_deals_search on tasks.deals using gin (search gin_trgm_ops);
        alter table tasks.companies add column search text not null
            generated always as (translate(lower(name), 'ё', 'е')) stored;
        create index ix_companies_search on tasks.companies using gin (search gin_trgm_ops);
        alter table tasks.contacts add column search text not null
            generated always as (translate(lower(name), 'ё', 'е')) stored;
        create index ix_contacts_search on tasks.contacts using gin (search gin_trgm_ops);

        create index ix_tasks_due on tasks.tasks (due_at, id);
        create index ix_tasks_created on tasks.tasks (created_at, id);
        create index ix_tasks_updated on tasks.tasks (updated_at, id);
        create index ix_tasks_completed on tasks.tasks (completed_at, id) where completed_at is not null;
        create index ix_tasks_type_due on tasks.tasks (type_id, due_at, id);
        """);

    public override void Down() => Execute.Sql("""
        drop index tasks.ix_tasks_type_due;
        drop index tasks.ix_tasks_completed;
        drop index tasks.ix_tasks_updated;
        drop index tasks.ix_tasks_created;
        drop index tasks.ix_tasks_due;
        alter table tasks.contacts drop column search;
        alter table tasks.companies drop column search;
        alter table tasks.deals drop column search;
        alter table tasks.tasks drop column search;
        """);
}
