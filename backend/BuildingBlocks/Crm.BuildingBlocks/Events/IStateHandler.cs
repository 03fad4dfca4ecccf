using Crm.BuildingBlocks.Abstractions;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// A module's copy of another module's records, kept from every event that carries a record's
/// state (<see cref="IStateEvent{TState}"/>; subscribe with <c>OnStateOf&lt;TState, THandler&gt;()</c>).
/// Like any handler it runs in its own scope and transaction, exactly once per event, and sees one
/// record's events in commit order; it writes with <c>VersionedCopy.UpsertIfNewerAsync</c>, so a
/// repeated, late or replayed state changes nothing.
/// </summary>
public interface IStateHandler<in TState>
{
    /// <param name="state">The record's state after the change.</param>
    /// <param name="integrationEvent">The event that carried it (its time, its kind when that matters).</param>
    ValueTask Handle(TState state, IntegrationEvent integrationEvent, CancellationToken ct);
}
