using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Directory.Contracts;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// Messaging keeps each company's name (messaging.companies), from every event that carries Directory's
/// <see cref="CompanyState"/>, so the feed names a company linked to a deal, and a card's feed is known to
/// exist. Written only when the state is newer (a deleted company keeps its name for old entries).
/// </summary>
internal sealed class CopyCompanies(DbSession db) : IStateHandler<CompanyState>
{
    private sealed record CompanyCopy(Guid Id, int Version, string Name);

    public async ValueTask Handle(CompanyState company, IntegrationEvent integrationEvent, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).UpsertIfNewerAsync(
            "messaging.companies", new CompanyCopy(company.CompanyId, company.Version, company.Name), ct);
}
