namespace Crm.BuildingBlocks.Abstractions;

/// <summary>
/// An event that carries its record's whole state after the change (a deal, a task, a user, a
/// pipeline). A module that keeps a copy of such records subscribes to the state, not to each event
/// (<c>EventSubscriptions.OnStateOf</c>): it then hears every event that carries it, including one
/// added later (a reopen, a new kind of change), and never misses a change for want of a line.
/// Implemented explicitly, so the state is not written twice into the payload:
/// <c>DealState IStateEvent&lt;DealState&gt;.State =&gt; Deal;</c>.
/// Notices that change nothing (a reminder that a task is due) do not implement it.
/// </summary>
public interface IStateEvent<out TState>
{
    TState State { get; }
}
