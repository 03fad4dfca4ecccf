using FluentMigrator;

namespace Crm.Modules.Messaging.Data;

/// <summary>
/// The feed of every card, and the copies it names things by. <c>feed_entries</c> holds notes and
/// messages written in a card and the system entries made from other modules' events: a system entry is
/// unique by (the event, the card, its type), so an event delivered again makes no second entry. Copies of
/// users, stages (with their pipelines' names), companies, contacts and deals (the last state seen, which a
/// DealUpdated is compared with to say what changed) are written only when an event's version is newer; no
/// foreign keys to copies: events may arrive in any order.
/// </summary>
[Migration(2, "The feed and the copies it names things by")]
internal sealed class M0002_CreateFeed : Migration
{
    public override void Up() => Execute.Sql("""
        create table messaging.feed_entries (
            id uuid primary key,
            version int not null default 1,
            subject_kind text not null check (subject_kind in ('deal', 'company', 'contact')),
            subject_id uuid not null,
            kind text not null check (kind in ('note', 'message', 'system')),
            type text not null,
            author_id uuid,
            text text,
            data jsonb not null default '{}',
            mentions uuid[] not null default '{}',
            source_event_id uuid,
            occurred_at timestamptz not null,
            edited_at timestamptz,
            pinned_at timestamptz,
            pinned_by uuid
        );
        create unique index ux_feed_source on messaging.feed_entries (source_event_id, subject_kind, subject_id, type) where source_event_id is not null;
        -- A card's feed newest first, whole or by kind; its pinned entries.
        create index ix_feed_subject on messaging.feed_entries (subject_kind, subject_id, occurred_at desc, id desc);
        create index ix_feed_subject_kind on messaging.feed_entries (subject_kind, subject_id, kind, occurred_at desc, id desc);
        create index ix_feed_pinned on messaging.feed_entries (subject_kind, subject_id, pinned_at desc) where pinned_at is not null;

        create table messaging.users (
            id uuid primary key,
            version int not null,
            display_name text not null,
            active boolean not null
        );

        create table messaging.stages (
            id uuid primary key,
            version int not null,
            pipeline_id uuid not null,
            pipeline_name text not null,
            name text not null,
            kind text not null
        );

        create table messaging.companies (
            id uuid primary key,
            version int not null,
            name text not null
        );

        create table messaging.contacts (
            id uuid primary key,
            version int not null,
            full_name text not null
        );

        create table messaging.deals (
            id uuid primary key,
            version int not null,
            name text not null,
            budget numeric,
            currency text not null,
            company_id uuid,
            contact_ids uuid[] not null default '{}'
        );
        """);

    public override void Down() => Execute.Sql("""
        drop table messaging.deals; drop table messaging.contacts; drop table messaging.companies;
        drop table messaging.stages; drop table messaging.users; drop table messaging.feed_entries;
        """);
}
