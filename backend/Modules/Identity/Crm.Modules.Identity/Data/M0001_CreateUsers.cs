using FluentMigrator;

namespace Crm.Modules.Identity.Data;

[Migration(1, "Users and personal API tokens")]
internal sealed class M0001_CreateUsers : Migration
{
    public override void Up() => Execute.Sql("""
        create table identity.users (
            id uuid primary key,
            email text not null,
            display_name text not null,
            role text not null check (role in ('Admin', 'HeadOfSales', 'Manager')),
            password_hash text not null,
            is_active boolean not null default true,
            security_stamp uuid not null,
            failed_sign_ins int not null default 0,
            locked_until timestamptz,
            language text not null default 'ru' check (language in ('ru', 'en')),
            time_zone text not null default 'Europe/Moscow',
            reminder_lead_minutes int not null default 30,
            created_at timestamptz not null,
            updated_at timestamptz not null,
            version int not null default 1
        );
        -- e-mails are stored lower-cased
        create unique index ux_users_email on identity.users (email);

        create table identity.api_tokens (
            id uuid primary key,
            user_id uuid not null references identity.users (id),
            name text not null,
            token_hash text not null,
            created_at timestamptz not null,
            last_used_at timestamptz,
            revoked_at timestamptz
        );
        create unique index ux_api_tokens_hash on identity.api_tokens (token_hash);
        create index ix_api_tokens_user on identity.api_tokens (user_id);
        """);

    public override void Down() => Execute.Sql("drop table identity.api_tokens; drop table identity.users;");
}
