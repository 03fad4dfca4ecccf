using System.Text.Json.Serialization;

namespace Crm.BuildingBlocks.Abstractions;

/// <summary>
/// A fact one module tells the others, published in the same transaction as the change it
/// describes and delivered at least once to each subscriber (who handle it exactly once).
/// Concrete events are sealed records named in the past tense in a module's Contracts; they carry
/// the state consumers copy, not only what happened.
/// </summary>
public abstract record IntegrationEvent
{
    /// <summary>Unique id of this occurrence; subscribers deduplicate on it.</summary>
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>When it happened (UTC). Stamped by the publisher from its clock when left default.</summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>
    /// The record this event is about and its version after the change. A subscriber receives one
    /// record's events in commit order and keeps a copy only when the version is newer than its own,
    /// so a repeat, a replay or a late event changes nothing.
    /// </summary>
    [JsonIgnore]
    public abstract AggregateVersion Aggregate { get; }
}

/// <summary>A record (deal, task, company, ...) by its id, at a version.</summary>
public readonly record struct AggregateVersion(Guid Id, int Version);
