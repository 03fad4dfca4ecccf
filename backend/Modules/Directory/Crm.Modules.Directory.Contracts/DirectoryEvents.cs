using Crm.BuildingBlocks.Abstractions;

namespace Crm.Modules.Directory.Contracts;

/// <summary>
/// A company was added to the Lists: by hand, or from a deal where it was typed in
/// (then <paramref name="SourceDealId"/> is that deal and the id is the one the deal gave it).
/// </summary>
public sealed record CompanyCreated(Guid CompanyId, string Name, Guid ResponsibleId, Guid CreatedBy, Guid? SourceDealId) : IntegrationEvent;

/// <summary>A company's details changed; subscribers keep its display name.</summary>
public sealed record CompanyUpdated(Guid CompanyId, string Name, Guid ResponsibleId, Guid UpdatedBy) : IntegrationEvent;

/// <summary>
/// The admin merged company <paramref name="MergedId"/> into <paramref name="SurvivorId"/>: the
/// merged one is gone, and whatever pointed at it (deals, contacts, tasks, feed) now points at the survivor.
/// </summary>
public sealed record CompanyMerged(Guid SurvivorId, Guid MergedId, string SurvivorName, Guid MergedBy) : IntegrationEvent;

/// <summary>A company was deleted (soft); links to it are dropped.</summary>
public sealed record CompanyDeleted(Guid CompanyId, Guid DeletedBy) : IntegrationEvent;

/// <summary>
/// A contact was added to the Lists: by hand, or from a deal where it was typed in
/// (then <paramref name="SourceDealId"/> is that deal and the id is the one the deal gave it).
/// </summary>
public sealed record ContactCreated(
    Guid ContactId, string FullName, Guid? CompanyId, Guid ResponsibleId, Guid CreatedBy, Guid? SourceDealId) : IntegrationEvent;

/// <summary>A contact's details changed (name, company, ...); subscribers keep its display name.</summary>
public sealed record ContactUpdated(Guid ContactId, string FullName, Guid? CompanyId, Guid ResponsibleId, Guid UpdatedBy) : IntegrationEvent;

/// <summary>
/// The admin merged contact <paramref name="MergedId"/> into <paramref name="SurvivorId"/>: the
/// merged one is gone, and whatever pointed at it (deals, tasks, feed) now points at the survivor.
/// </summary>
public sealed record ContactMerged(Guid SurvivorId, Guid MergedId, string SurvivorFullName, Guid MergedBy) : IntegrationEvent;

/// <summary>A contact was deleted (soft); links to it are dropped.</summary>
public sealed record ContactDeleted(Guid ContactId, Guid DeletedBy) : IntegrationEvent;
