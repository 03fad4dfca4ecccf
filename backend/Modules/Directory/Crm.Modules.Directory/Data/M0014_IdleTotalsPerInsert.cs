using FluentMigrator;

namespace Crm.Modules.Directory.Data;

/// <summary>
/// <c>idle_totals</c> counted once per insert statement, not once per inserted row. An import inserts a thousand
/// records in one statement: a row trigger updated the one totals row a thousand times in one transaction, each
/// update a new version of that row that the next one had to find past the others (a third of the insert's time,
/// growing with the batch). The statement trigger counts the new idle records from the statement's transition
/// table and adds them in one update. Changes and deletions keep the row trigger (a transition table cannot go
/// with its column list, and they come one record at a time).
/// </summary>
[Migration(14, "Idle totals counted per insert statement")]
internal sealed class M0014_IdleTotalsPerInsert : Migration
{
    public override void Up() => Execute.Sql("""
        create function directory.count_idle_inserted() returns trigger language plpgsql as $fn$
        begin
            update directory.idle_totals t set count = t.count + n.added
            from (select count(*) as added from inserted where deleted_at is null and idle) n
            where t.list = tg_table_name and n.added <> 0;
            return null;
        end
        $fn$;

        drop trigger keep_idle_total on directory.companies;
        create trigger keep_idle_total after delete or update of idle, deleted_at on directory.companies
        for each row execute function directory.keep_idle_total();
        create trigger count_idle_inserted after insert on directory.companies
        referencing new table as inserted for each statement execute function directory.count_idle_inserted();

        drop trigger keep_idle_total on directory.contacts;
        create trigger keep_idle_total after delete or update of idle, deleted_at on directory.contacts
        for each row execute function directory.keep_idle_total();
        create trigger count_idle_inserted after insert on directory.contacts
        referencing new table as inserted for each statement execute function directory.count_idle_inserted();
        """);

    public override void Down() => Execute.Sql("""
        drop trigger count_idle_inserted on directory.contacts;
        drop trigger keep_idle_total on directory.contacts;
        create trigger keep_idle_total after insert or delete or update of idle, deleted_at on directory.contacts
        for each row execute function directory.keep_idle_total();
        drop trigger count_idle_inserted on directory.companies;
        drop trigger keep_idle_total on directory.companies;
        create trigger keep_idle_total after insert or delete or update of idle, deleted_at on directory.companies
        for each row execute function directory.keep_idle_total();
        drop function directory.count_idle_inserted();
        """);
}
