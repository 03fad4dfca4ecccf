using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Directory.Contracts;
using Dapper;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A company is added to the Lists or renamed there: Deals' copy learns its name (so it can be
/// picked on a deal form) and every deal of it shows the new name. A rename is one UPDATE
/// through ix_deals_company, however many deals the company has; rows already showing the name
/// are not written, so a redelivery, or the CompanyCreated of a company a deal typed in, changes nothing.
/// A name never brings back a company deleted or merged away (events may come in any order).
/// </summary>
internal static class KeepCompanyNames
{
    private static async ValueTask KeepAsync(DbSession db, Guid companyId, string name, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.ExecuteAsync(
            """
            insert into deals.companies as c (id, name) values (@companyId, @name)
            on conflict (id) do update set name = excluded.name where not c.deleted;

            update deals.deals set company_name = @name
            where company_id = @companyId and company_name is distinct from @name;
            """,
            new { companyId, name });
    }

    internal sealed class OnCompanyCreated(DbSession db) : IIntegrationEventHandler<CompanyCreated>
    {
        public ValueTask Handle(CompanyCreated e, CancellationToken ct) => KeepAsync(db, e.CompanyId, e.Name, ct);
    }

    internal sealed class OnCompanyUpdated(DbSession db) : IIntegrationEventHandler<CompanyUpdated>
    {
        public ValueTask Handle(CompanyUpdated e, CancellationToken ct) => KeepAsync(db, e.CompanyId, e.Name, ct);
    }
}
