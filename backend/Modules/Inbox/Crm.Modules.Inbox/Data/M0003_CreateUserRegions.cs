using FluentMigrator;

namespace Crm.Modules.Inbox.Data;

/// <summary>
/// The regions each manager covers (ADR 0009): a new request from a region is announced to them.
/// <c>key</c> is the region folded (<c>Common/RegionKeys</c>), what requests are matched on.
/// </summary>
[Migration(3, "Regions users cover")]
internal sealed class M0003_CreateUserRegions : Migration
{
    public override void Up() => Execute.Sql("""
        create table inbox.user_regions (
            user_id uuid not null,
            key text not null,
            region text not null,
            primary key (user_id, key)
        );
        create index ix_user_regions_key on inbox.user_regions (key);
        """);

    public override void Down() => Execute.Sql("drop table inbox.user_regions;");
}
