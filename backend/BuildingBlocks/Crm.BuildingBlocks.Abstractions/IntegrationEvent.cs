namespace Crm.BuildingBlocks.Abstractions;

/// <summary>
/// A fact one module tells the others, published in the same transaction as the change it
/// describes and delivered at least once to each subscriber (who handle it exactly once).
/// Concrete events are sealed records named in the past tense in a module's Contracts.
/// </summary>
public abstract record IntegrationEvent
{
    /// <summary>Unique id of this occurrence; subscribers deduplicate on it.</summary>
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>When it happened (UTC). Stamped by the publisher from its clock when left default.</summary>
    public DateTimeOffset OccurredAt { get; init; }
}
