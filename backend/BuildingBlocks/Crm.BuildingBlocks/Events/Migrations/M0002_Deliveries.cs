using FluentMigrator;

namespace Crm.BuildingBlocks.Events.Migrations;

/// <summary>
/// A delivery per event and subscriber, so that each subscriber is its own lane: claimed by a pool of
/// workers with <c>for update skip locked</c>, one aggregate's events in order (<c>seq</c>), on the
/// database's clock. The outbox keeps the payload and the aggregate; <c>bus.inbox</c> stays the record of
/// what each handler has handled (written with its effects). <c>bus.failures</c> becomes a view of the
/// deliveries that failed at least once.
/// </summary>
[Migration(2, "Event bus: a delivery per subscriber")]
internal sealed class M0002_Deliveries : Migration
{
    public override void Up() => Execute.Sql("""
        -- seq is taken when the event is written, after the change that locked its aggregate's row, so
        -- one aggregate's deliveries are numbered in commit order.
        create table bus.deliveries (
            seq bigint generated always as identity primary key,
            event_id uuid not null,
            handler text not null,
            event_type text not null,
            aggregate_id uuid not null,
            attempts int not null default 0,
            next_attempt_at timestamptz not null default now(),
            last_error text,
            last_failed_at timestamptz,
            dead boolean not null default false,
            unique (event_id, handler)
        );
        create index ix_deliveries_lane on bus.deliveries (handler, seq) where not dead;
        create index ix_deliveries_aggregate on bus.deliveries (handler, aggregate_id, seq) where not dead;

        alter table bus.outbox add column aggregate_id uuid, add column aggregate_version int;

        -- Events not yet delivered by the old bus: their deliveries are made at start-up, when the
        -- subscribers are known (LegacyPendingEvents), skipping what bus.inbox says is handled.
        create table bus.legacy_pending (event_id uuid primary key);
        insert into bus.legacy_pending select id from bus.outbox where processed_at is null;
        insert into bus.deliveries (event_id, handler, event_type, aggregate_id, attempts, next_attempt_at, last_error, last_failed_at, dead)
        select event_id, handler, event_type, event_id, attempts, next_attempt_at, last_error, last_failed_at, dead from bus.failures;

        drop index bus.ix_outbox_pending;
        alter table bus.outbox drop column next_attempt_at, drop column locked_until, drop column processed_at;
        create index ix_outbox_created on bus.outbox (created_at);
        drop table bus.failures;
        create view bus.failures as
            select event_id, handler, event_type, attempts, last_error, last_failed_at, next_attempt_at, dead
            from bus.deliveries where attempts > 0;
        """);

    public override void Down() => throw new NotSupportedException("The old bus cannot take deliveries back.");
}
