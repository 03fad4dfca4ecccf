using FluentMigrator;

namespace Crm.Modules.Directory.Data;

/// <summary>
/// What Directory knows of Tasks and Deals (from their events), for the lists' open task and deal
/// counts and the ready filters "компании без сделок и задач" and "контакты без задач".
/// <c>task_facts</c> keeps the newest state seen per task (its company or contact, closed, version);
/// <c>deal_facts</c> per deal its company, its stage and the stage it was won or lost in (a deal
/// moved back out of that stage is open again) and whether it was deleted. <c>company_facts</c> and
/// <c>contact_facts</c> hold the counts, changed by +1/−1 as those rows change (increments commute,
/// so concurrent events never lose each other); a record without a row has nothing open.
/// </summary>
[Migration(3, "Open task and deal counts of companies and contacts")]
internal sealed class M0003_TaskAndDealFacts : Migration
{
    public override void Up() => Execute.Sql("""
        create table directory.task_facts (
            task_id uuid primary key,
            company_id uuid,
            contact_id uuid,
            closed boolean not null,
            version int not null
        );
        create table directory.deal_facts (
            deal_id uuid primary key,
            company_id uuid,
            stage_id uuid,
            closed_stage_id uuid,
            deleted boolean not null
        );
        -- a merge moves the merged company's deals to the survivor
        create index ix_deal_facts_company on directory.deal_facts (company_id) where company_id is not null;
        create table directory.company_facts (
            company_id uuid primary key,
            open_deal_count int not null default 0,
            open_task_count int not null default 0
        );
        create table directory.contact_facts (
            contact_id uuid primary key,
            open_task_count int not null default 0
        );
        """);

    public override void Down() => Execute.Sql("""
        drop table directory.contact_facts;
        drop table directory.company_facts;
        drop table directory.deal_facts;
        drop table directory.task_facts;
        """);
}
