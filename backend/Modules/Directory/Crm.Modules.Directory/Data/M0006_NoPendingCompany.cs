using FluentMigrator;

namespace Crm.Modules.Directory.Data;

/// <summary>
/// Companies and contacts typed into a deal are no longer created from Deals' events (the deal form
/// creates them through Directory's own POST, with its duplicate rules), so no contact waits for a
/// company any more: <c>pending_company_id</c> goes. A contact that still waited (its company's event
/// never handled) stays without a company, as if none had been given.
/// </summary>
[Migration(6, "No contact waits for a deal's company")]
internal sealed class M0006_NoPendingCompany : Migration
{
    public override void Up() => Execute.Sql("""
        drop index directory.ix_contacts_pending_company;
        alter table directory.contacts drop column pending_company_id;
        """);

    public override void Down() => Execute.Sql("""
        alter table directory.contacts add column pending_company_id uuid;
        create index ix_contacts_pending_company on directory.contacts (pending_company_id) where pending_company_id is not null;
        """);
}
