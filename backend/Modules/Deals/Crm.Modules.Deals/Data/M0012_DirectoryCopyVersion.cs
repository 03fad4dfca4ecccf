using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// Deals' copies of Directory's companies and contacts keep the version of the state they hold
/// (VersionedCopy): an event is written only when it is newer, so events in any order, repeated or
/// replayed leave the newest state. Rows from before count as version 0: any event of their record is
/// newer. A record kept as deleted stays so: Directory's deletions are final, its later events say so too.
/// </summary>
[Migration(12, "Version of Deals' copies of companies and contacts")]
internal sealed class M0012_DirectoryCopyVersion : Migration
{
    public override void Up() => Execute.Sql("""
        alter table deals.companies add column version int not null default 0;
        alter table deals.contacts add column version int not null default 0;
        """);

    public override void Down() => Execute.Sql("""
        alter table deals.contacts drop column version;
        alter table deals.companies drop column version;
        """);
}
