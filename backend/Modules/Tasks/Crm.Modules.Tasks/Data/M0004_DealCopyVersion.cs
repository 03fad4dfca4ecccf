using FluentMigrator;

namespace Crm.Modules.Tasks.Data;

/// <summary>
/// Tasks' copy of deals keeps the version of the deal's state it holds (VersionedCopy): a deal event
/// is written only when it is newer, so a reopen after a win makes the copy open again and a late
/// older event changes nothing. Rows from before count as version 0: any event of their deal is newer.
/// </summary>
[Migration(4, "Version of Tasks' copy of deals")]
internal sealed class M0004_DealCopyVersion : Migration
{
    public override void Up() => Execute.Sql("alter table tasks.deals add column version int not null default 0;");

    public override void Down() => Execute.Sql("alter table tasks.deals drop column version;");
}
