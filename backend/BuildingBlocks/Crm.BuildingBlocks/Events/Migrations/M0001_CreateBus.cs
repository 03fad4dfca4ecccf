using FluentMigrator;

namespace Crm.BuildingBlocks.Events.Migrations;

/// <summary>The event bus tables: the outbox, the handled-events inbox, and delivery failures.</summary>
[Migration(1, "Event bus: outbox, inbox, failures")]
internal sealed class M0001_CreateBus : Migration
{
    public override void Up() => Execute.Sql("""
        create table bus.outbox (
            id uuid primary key,
            event_type text not null,
            payload jsonb not null,
            occurred_at timestamptz not null,
            created_at timestamptz not null default now(),
            next_attempt_at timestamptz not null default now(),
            locked_until timestamptz,
            processed_at timestamptz
        );
        create index ix_outbox_pending on bus.outbox (next_attempt_at) where processed_at is null;

        -- One row per event and subscriber that handled it, written in the handler's transaction:
        -- a redelivered event finds its row and changes nothing.
        create table bus.inbox (
            event_id uuid not null,
            handler text not null,
            handled_at timestamptz not null default now(),
            primary key (event_id, handler)
        );

        -- A handler that threw: retried with backoff until max attempts, then left here as dead.
        create table bus.failures (
            event_id uuid not null,
            handler text not null,
            event_type text not null,
            attempts int not null,
            last_error text not null,
            last_failed_at timestamptz not null,
            next_attempt_at timestamptz not null,
            dead boolean not null default false,
            primary key (event_id, handler)
        );
        """);

    public override void Down() => Execute.Sql("drop table bus.failures; drop table bus.inbox; drop table bus.outbox;");
}
