using FluentMigrator;

namespace Crm.Modules.Tasks.Data;

/// <summary>
/// Task types (four built in), tasks with their reminder bookkeeping, the calendar feed tokens,
/// and the copies Tasks keeps of deals, companies, contacts and users' settings from their events.
/// </summary>
[Migration(2, "Task types, tasks, calendar tokens, copies")]
internal sealed class M0002_CreateTasks : Migration
{
    public override void Up() => Execute.Sql("""
        create table tasks.task_types (
            id uuid primary key,
            code text unique,
            name_ru text not null check (char_length(name_ru) between 1 and 100),
            name_en text not null check (char_length(name_en) between 1 and 100),
            position int not null,
            created_at timestamptz not null,
            deleted_at timestamptz,
            version int not null default 1
        );
        create unique index ux_task_types_name on tasks.task_types (lower(name_ru)) where deleted_at is null;
        insert into tasks.task_types (id, code, name_ru, name_en, position, created_at) values
            ('0193a000-0000-7000-8000-000000000001', 'call', 'Звонок', 'Call', 0, now()),
            ('0193a000-0000-7000-8000-000000000002', 'meeting', 'Встреча', 'Meeting', 1, now()),
            ('0193a000-0000-7000-8000-000000000003', 'letter', 'Письмо', 'Letter', 2, now()),
            ('0193a000-0000-7000-8000-000000000004', 'other', 'Другое', 'Other', 3, now());

        create table tasks.tasks (
            id uuid primary key,
            type_id uuid not null references tasks.task_types (id),
            text text not null check (char_length(text) between 1 and 2000),
            due_at timestamptz not null,
            all_day boolean not null,
            due_date date,
            duration_minutes int check (duration_minutes between 1 and 10080),
            responsible_id uuid not null,
            link_kind text check (link_kind in ('deal', 'company', 'contact')),
            link_id uuid,
            author_id uuid not null,
            created_at timestamptz not null,
            updated_at timestamptz not null,
            completed_at timestamptz,
            completed_by uuid,
            result text,
            remind_at timestamptz not null,
            reminded_at timestamptz,
            overdue_at timestamptz,
            version int not null default 1,
            check ((link_kind is null) = (link_id is null)),
            check (all_day = (due_date is not null)),
            check ((completed_at is null) = (result is null))
        );
        -- the organizer's views: open tasks by due time, for everyone or one responsible
        create index ix_tasks_open_due on tasks.tasks (due_at, id) where completed_at is null;
        create index ix_tasks_open_responsible on tasks.tasks (responsible_id, due_at, id) where completed_at is null;
        -- the calendar (range) of one responsible, open and done
        create index ix_tasks_responsible_due on tasks.tasks (responsible_id, due_at, id);
        -- a deal's, company's or contact's tasks
        create index ix_tasks_link on tasks.tasks (link_id, due_at) where link_id is not null;
        -- the reminder job's two polls: only the rows still waiting
        create index ix_tasks_remind_pending on tasks.tasks (remind_at) where completed_at is null and reminded_at is null;
        create index ix_tasks_overdue_pending on tasks.tasks (due_at) where completed_at is null and overdue_at is null;

        create table tasks.calendar_tokens (
            user_id uuid primary key,
            token_hash text not null unique,
            created_at timestamptz not null
        );

        create table tasks.users (
            id uuid primary key,
            time_zone text not null default 'Europe/Moscow',
            reminder_lead_minutes int not null default 30,
            active boolean not null default true
        );

        create table tasks.deals (
            id uuid primary key,
            name text not null,
            responsible_id uuid,
            closed boolean not null default false,
            deleted boolean not null default false
        );

        create table tasks.companies (
            id uuid primary key,
            name text not null,
            deleted boolean not null default false
        );

        create table tasks.contacts (
            id uuid primary key,
            name text not null,
            deleted boolean not null default false
        );
        """);

    public override void Down() => Execute.Sql("""
        drop table tasks.contacts;
        drop table tasks.companies;
        drop table tasks.deals;
        drop table tasks.users;
        drop table tasks.calendar_tokens;
        drop table tasks.tasks;
        drop table tasks.task_types;
        """);
}
