using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// Deals, their stage history and the admin's custom field definitions, with the indexes the
/// board needs: keyset per stage, counts and sums per pipeline (index-only), the "mine" filter,
/// and trigram search on the name and the number.
/// </summary>
[Migration(3, "Deals, stage history, custom fields")]
internal sealed class M0003_CreateDeals : Migration
{
    public override void Up() => Execute.Sql("""
        create extension if not exists pg_trgm;

        create sequence deals.deal_number_seq;

        create table deals.deals (
            id uuid primary key,
            number bigint not null,
            name text not null check (char_length(name) between 1 and 255),
            pipeline_id uuid not null,
            stage_id uuid not null,
            budget numeric(15, 2) check (budget >= 0),
            currency char(3) not null default 'RUB',
            goal text,
            responsible_id uuid not null,
            company_name text,
            contact_name text,
            deadline timestamptz,
            custom jsonb not null default '{}',
            loss_reason text,
            created_by uuid not null,
            created_at timestamptz not null,
            updated_at timestamptz not null,
            closed_at timestamptz,
            stage_entered_at timestamptz not null,
            deleted_at timestamptz,
            version int not null default 1
        );
        create unique index ux_deals_number on deals.deals (number);
        -- a board column: newest in the stage first, 50 a page (keyset on stage_entered_at, id)
        create index ix_deals_stage_keyset on deals.deals (stage_id, stage_entered_at desc, id desc)
            where deleted_at is null;
        -- counts and budget sums of every column of a pipeline, from the index alone
        create index ix_deals_pipeline_sums on deals.deals (pipeline_id, stage_id) include (budget)
            where deleted_at is null;
        -- "mine": a column and its sums for one responsible user
        create index ix_deals_responsible on deals.deals (responsible_id, stage_id, stage_entered_at desc, id desc)
            include (budget) where deleted_at is null;
        create index ix_deals_name_trgm on deals.deals using gin (name gin_trgm_ops) where deleted_at is null;
        create index ix_deals_number_trgm on deals.deals using gin ((number::text) gin_trgm_ops) where deleted_at is null;

        create table deals.stage_history (
            id bigserial primary key,
            deal_id uuid not null references deals.deals (id),
            from_stage_id uuid,
            to_stage_id uuid not null,
            changed_at timestamptz not null,
            changed_by uuid not null
        );
        create index ix_stage_history_deal on deals.stage_history (deal_id, id);

        create table deals.custom_fields (
            id uuid primary key,
            name text not null,
            type text not null check (type in ('text', 'number', 'date', 'select', 'multiselect', 'checkbox', 'url')),
            options jsonb not null default '[]',
            position int not null,
            created_at timestamptz not null,
            updated_at timestamptz not null,
            version int not null default 1
        );
        create unique index ux_custom_fields_name on deals.custom_fields (lower(name));
        """);

    public override void Down() => Execute.Sql("""
        drop table deals.custom_fields;
        drop table deals.stage_history;
        drop table deals.deals;
        drop sequence deals.deal_number_seq;
        """);
}
