using FluentMigrator;

namespace Crm.Modules.Identity.Data;

/// <summary>Cookie encryption keys, shared by every app instance and kept across container restarts.</summary>
[Migration(2, "Data protection keys")]
internal sealed class M0002_CreateDataProtectionKeys : Migration
{
    public override void Up() => Execute.Sql("""
        create table identity.data_protection_keys (
            name text primary key,
            xml text not null,
            created_at timestamptz not null default now()
        );
        """);

    public override void Down() => Execute.Sql("drop table identity.data_protection_keys;");
}
