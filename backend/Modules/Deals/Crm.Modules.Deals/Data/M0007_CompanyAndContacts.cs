using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// A deal refers to Directory's records: one company (<c>company_id</c> next to the display name
/// <c>company_name</c>) and any number of contacts in <c>deal_contacts</c>, exactly one of them
/// main. The main contact is also kept on the deal (<c>contact_id</c>, <c>contact_name</c>), so a
/// board card is still one row. <c>companies</c> and <c>contacts</c> are Deals' copy of
/// Directory's names (fed by its events), to check and name a record picked on the deal form.
/// Deals from before keep their free-text names with null ids: they never were in the Lists.
/// Version 7: 6 is the board's folded search text.
/// </summary>
[Migration(7, "Deals refer to Directory's companies and contacts")]
internal sealed class M0007_CompanyAndContacts : Migration
{
    public override void Up() => Execute.Sql("""
        create table deals.companies (
            id uuid primary key,
            name text not null,
            deleted boolean not null default false,
            merged_into uuid
        );
        create table deals.contacts (
            id uuid primary key,
            name text not null,
            deleted boolean not null default false,
            merged_into uuid
        );
        -- a merge repoints what was merged into the merged one
        create index ix_companies_merged_into on deals.companies (merged_into) where merged_into is not null;
        create index ix_contacts_merged_into on deals.contacts (merged_into) where merged_into is not null;

        alter table deals.deals add column company_id uuid, add column contact_id uuid;
        -- a company's deals, newest first; and a rename, merge or deletion of a company: one UPDATE through this index
        create index ix_deals_company on deals.deals (company_id, created_at desc, id desc) where company_id is not null;
        create index ix_deals_contact on deals.deals (contact_id) where contact_id is not null;

        create table deals.deal_contacts (
            deal_id uuid not null references deals.deals (id),
            contact_id uuid not null,
            name text not null,
            is_main boolean not null,
            position int not null,
            primary key (deal_id, contact_id)
        );
        create unique index ux_deal_contacts_main on deals.deal_contacts (deal_id) where is_main;
        create index ix_deal_contacts_contact on deals.deal_contacts (contact_id);
        """);

    public override void Down() => Execute.Sql("""
        drop table deals.deal_contacts;
        drop index deals.ix_deals_contact;
        drop index deals.ix_deals_company;
        alter table deals.deals drop column contact_id, drop column company_id;
        drop table deals.contacts;
        drop table deals.companies;
        """);
}
