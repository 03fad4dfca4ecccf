using FluentMigrator;

namespace Crm.Modules.Deals.Data;

/// <summary>
/// The zone a deals import reads its times in (the «Срок» column, on the clock of the user who started it, as the
/// table's export writes them in the zone asked for); imports from before read UTC.
/// </summary>
[Migration(23, "Deals imports' time zone")]
internal sealed class M0023_ImportTimeZone : Migration
{
    public override void Up() => Execute.Sql("alter table deals.imports add column time_zone text not null default 'UTC';");

    public override void Down() => Execute.Sql("alter table deals.imports drop column time_zone;");
}
