using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// Deals' copy of users (<c>users</c>: id, version, active; CopyUsers from Identity's state events), so
/// a deal is given only to an active user; a new copy is filled on the first start from Identity's
/// republished state (DealsModule.InitializeAsync). And deal numbers from a counter row instead of a
/// sequence: the number is taken by an UPDATE in the create's transaction, so a create that fails or
/// rolls back gives its number back and numbers have no gaps. The counter starts after the highest
/// number a deal has (numbers a failed create took from the sequence were never shown to anyone).
/// </summary>
[Migration(15, "Deals' copy of users; deal numbers from a counter row")]
internal sealed class M0015_UsersAndDealNumbers : Migration
{
    public override void Up() => Execute.Sql("""
        create table deals.users (
            id uuid primary key,
            version int not null,
            active boolean not null
        );

        create table deals.deal_numbers (
            one boolean primary key default true check (one),
            last_number bigint not null
        );
        insert into deals.deal_numbers (last_number) select coalesce(max(number), 0) from deals.deals;
        drop sequence deals.deal_number_seq;
        """);

    public override void Down() => Execute.Sql("""
        drop table deals.users;
        create sequence deals.deal_number_seq;
        select setval('deals.deal_number_seq', last_number + 1, false) from deals.deal_numbers;
        drop table deals.deal_numbers;
        """);
}
