using FluentMigrator;

namespace Crm.Modules.Identity.Data;

/// <summary>
/// Sign-in attempts per (e-mail, client IP), for the delay that replaces the account lockout: five
/// failures locked the account for anyone, so an outsider could lock out a colleague, the admin
/// too. The lockout's columns go.
/// </summary>
[Migration(5, "Sign-in attempts instead of the lockout")]
internal sealed class M0005_SignInAttempts : Migration
{
    public override void Up() => Execute.Sql("""
        create table identity.sign_in_attempts (
            email text not null,
            ip text not null,
            at timestamptz not null,
            succeeded boolean not null
        );
        create index ix_sign_in_attempts_email_ip on identity.sign_in_attempts (email, ip, at);
        create index ix_sign_in_attempts_email on identity.sign_in_attempts (email, at) where not succeeded;
        create index ix_sign_in_attempts_at on identity.sign_in_attempts (at);
        alter table identity.users drop column failed_sign_ins, drop column locked_until;
        """);

    public override void Down() => Execute.Sql("""
        alter table identity.users add column failed_sign_ins int not null default 0, add column locked_until timestamptz;
        drop table identity.sign_in_attempts;
        """);
}
