using FluentMigrator;

namespace Crm.Modules.Pipelines.Data;

/// <summary>Pipelines, their ordered stages, and how many deals stand in each stage (fed by Deals' events).</summary>
[Migration(2, "Pipelines, stages and stage occupancy")]
internal sealed class M0002_CreatePipelines : Migration
{
    public override void Up() => Execute.Sql("""
        create table pipelines.pipelines (
            id uuid primary key,
            name text not null check (length(name) between 1 and 100),
            kind text not null check (kind in ('sales', 'todo')),
            position int not null check (position >= 0),
            archived boolean not null default false,
            created_at timestamptz not null,
            updated_at timestamptz not null,
            version int not null default 1,
            -- deferred: moving a pipeline shifts the others in one statement
            constraint ux_pipelines_position unique (position) deferrable initially deferred
        );
        create unique index ux_pipelines_name on pipelines.pipelines (lower(name));

        create table pipelines.stages (
            id uuid primary key,
            pipeline_id uuid not null references pipelines.pipelines (id),
            name text not null check (length(name) between 1 and 100),
            color text not null check (color ~ '^#[0-9A-Fa-f]{6}$'),
            kind text not null check (kind in ('unsorted', 'open', 'won', 'lost')),
            probability int not null check (probability between 0 and 100),
            position int not null check (position >= 0),
            version int not null default 1,
            constraint ux_stages_position unique (pipeline_id, position) deferrable initially deferred
        );
        create unique index ux_stages_name on pipelines.stages (pipeline_id, lower(name));
        -- at most one unsorted, won and lost stage per pipeline; their places are checked by the slices
        create unique index ux_stages_unsorted on pipelines.stages (pipeline_id) where kind = 'unsorted';
        create unique index ux_stages_won on pipelines.stages (pipeline_id) where kind = 'won';
        create unique index ux_stages_lost on pipelines.stages (pipeline_id) where kind = 'lost';

        -- No foreign key: Deals' events may still arrive for a stage removed meanwhile.
        create table pipelines.stage_occupancy (
            stage_id uuid primary key,
            deal_count int not null default 0
        );
        """);

    public override void Down() => Execute.Sql("""
        drop table pipelines.stage_occupancy;
        drop table pipelines.stages;
        drop table pipelines.pipelines;
        """);
}
