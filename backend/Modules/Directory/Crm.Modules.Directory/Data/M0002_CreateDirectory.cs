using FluentMigrator;

namespace Crm.Modules.Directory.Data;

/// <summary>
/// Companies and contacts with their phones, e-mails and messengers, and the admin's custom
/// field definitions. Search: each record keeps <c>name_key</c> (its name folded: lower case,
/// "ё" as "е"; collation C so a prefix is a btree range), <c>search</c> (the folded name and
/// e-mails, and a company's tax id) and <c>phone_digits</c> (the digits of its phones), the
/// last two under trigram GIN indexes for substrings. Duplicates are found by the btree
/// indexes on the exact phone (E.164), e-mail and tax id.
/// </summary>
[Migration(2, "Companies, contacts, their phones, e-mails, messengers; custom fields")]
internal sealed class M0002_CreateDirectory : Migration
{
    public override void Up() => Execute.Sql("""
        create extension if not exists pg_trgm;

        create table directory.companies (
            id uuid primary key,
            name text not null check (char_length(name) between 1 and 255),
            website text,
            address text,
            region text,
            tax_id text,
            notes text,
            responsible_id uuid not null,
            custom jsonb not null default '{}',
            name_key text collate "C" not null,
            search text not null,
            phone_digits text not null default '',
            created_by uuid not null,
            created_at timestamptz not null,
            updated_by uuid not null,
            updated_at timestamptz not null,
            deleted_at timestamptz,
            deleted_by uuid,
            merged_into uuid references directory.companies (id),
            version int not null default 1
        );
        create index ix_companies_name on directory.companies (name_key, id) where deleted_at is null;
        create index ix_companies_created on directory.companies (created_at, id) where deleted_at is null;
        create index ix_companies_updated on directory.companies (updated_at, id) where deleted_at is null;
        create index ix_companies_tax_id on directory.companies (tax_id) where deleted_at is null and tax_id is not null;
        -- LIKE '%…%' estimates from a large sample: a rare substring goes to the trigram index,
        -- a common one to a scan that stops at the limit (a GIN bitmap of most rows would be slow)
        alter table directory.companies alter column search set statistics 300, alter column phone_digits set statistics 300;
        create index ix_companies_search_trgm on directory.companies using gin (search gin_trgm_ops) where deleted_at is null;
        create index ix_companies_phone_trgm on directory.companies using gin (phone_digits gin_trgm_ops) where deleted_at is null;

        create table directory.company_phones (
            company_id uuid not null references directory.companies (id),
            position int not null,
            number text not null,
            type text not null check (type in ('work', 'mobile', 'home', 'fax', 'other')),
            primary key (company_id, position)
        );
        create index ix_company_phones_number on directory.company_phones (number);

        create table directory.company_emails (
            company_id uuid not null references directory.companies (id),
            position int not null,
            address text not null,
            type text not null check (type in ('work', 'personal', 'other')),
            primary key (company_id, position)
        );
        create index ix_company_emails_address on directory.company_emails (address);

        create table directory.contacts (
            id uuid primary key,
            full_name text not null check (char_length(full_name) between 1 and 255),
            position text,
            company_id uuid references directory.companies (id),
            -- named by a deal before its company reached us: linked when that company is created
            pending_company_id uuid,
            responsible_id uuid not null,
            custom jsonb not null default '{}',
            name_key text collate "C" not null,
            search text not null,
            phone_digits text not null default '',
            created_by uuid not null,
            created_at timestamptz not null,
            updated_by uuid not null,
            updated_at timestamptz not null,
            deleted_at timestamptz,
            deleted_by uuid,
            merged_into uuid references directory.contacts (id),
            version int not null default 1
        );
        create index ix_contacts_name on directory.contacts (name_key, id) where deleted_at is null;
        create index ix_contacts_created on directory.contacts (created_at, id) where deleted_at is null;
        create index ix_contacts_updated on directory.contacts (updated_at, id) where deleted_at is null;
        create index ix_contacts_company on directory.contacts (company_id, name_key) where deleted_at is null;
        create index ix_contacts_pending_company on directory.contacts (pending_company_id) where pending_company_id is not null;
        alter table directory.contacts alter column search set statistics 300, alter column phone_digits set statistics 300;
        create index ix_contacts_search_trgm on directory.contacts using gin (search gin_trgm_ops) where deleted_at is null;
        create index ix_contacts_phone_trgm on directory.contacts using gin (phone_digits gin_trgm_ops) where deleted_at is null;

        create table directory.contact_phones (
            contact_id uuid not null references directory.contacts (id),
            position int not null,
            number text not null,
            type text not null check (type in ('work', 'mobile', 'home', 'fax', 'other')),
            primary key (contact_id, position)
        );
        create index ix_contact_phones_number on directory.contact_phones (number);

        create table directory.contact_emails (
            contact_id uuid not null references directory.contacts (id),
            position int not null,
            address text not null,
            type text not null check (type in ('work', 'personal', 'other')),
            primary key (contact_id, position)
        );
        create index ix_contact_emails_address on directory.contact_emails (address);

        create table directory.contact_messengers (
            contact_id uuid not null references directory.contacts (id),
            position int not null,
            kind text not null check (kind in ('telegram', 'whatsapp', 'viber', 'skype', 'other')),
            handle text not null,
            primary key (contact_id, position)
        );

        create table directory.custom_fields (
            id uuid primary key,
            entity text not null check (entity in ('company', 'contact')),
            name text not null,
            type text not null check (type in ('text', 'number', 'date', 'select', 'multiselect', 'checkbox', 'url')),
            options jsonb not null default '[]',
            position int not null,
            created_at timestamptz not null,
            updated_at timestamptz not null,
            version int not null default 1
        );
        create unique index ux_custom_fields_name on directory.custom_fields (entity, lower(name));
        """);

    public override void Down() => Execute.Sql("""
        drop table directory.custom_fields;
        drop table directory.contact_messengers;
        drop table directory.contact_emails;
        drop table directory.contact_phones;
        drop table directory.contacts;
        drop table directory.company_emails;
        drop table directory.company_phones;
        drop table directory.companies;
        """);
}
