using FluentMigrator;

namespace Crm.Modules.Tasks.Data;

/// <summary>
/// Tasks' copies of Directory's companies and contacts keep the version of the state they hold
/// (VersionedCopy): an event is written only when it is newer, so a late rename never undoes a deletion.
/// Rows from before count as version 0: any event of their record is newer. A record kept as deleted
/// stays so: Directory's deletions are final, its later events say so too.
/// </summary>
[Migration(5, "Version of Tasks' copies of companies and contacts")]
internal sealed class M0005_DirectoryCopyVersion : Migration
{
    public override void Up() => Execute.Sql("""
        alter table tasks.companies add column version int not null default 0;
        alter table tasks.contacts add column version int not null default 0;
        """);

    public override void Down() => Execute.Sql("""
        alter table tasks.contacts drop column version;
        alter table tasks.companies drop column version;
        """);
}
