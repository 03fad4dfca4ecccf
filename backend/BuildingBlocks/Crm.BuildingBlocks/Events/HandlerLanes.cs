using System.Threading.Channels;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// Which handlers (lanes) of this instance have work, in the order they asked. A lane is taken by
/// one worker at a time here (other instances may take the same lane's other aggregates); a lane
/// with more work goes to the back of the queue after each batch, so a burst for one handler never
/// keeps a worker from the others.
/// </summary>
public sealed class HandlerLanes
{
    private enum State { Idle, Queued, Running, RunningAndWoken }

    private readonly Channel<string> ready = Channel.CreateUnbounded<string>();
    private readonly Dictionary<string, State> states;
    private readonly Lock gate = new();

    internal HandlerLanes(EventRegistry registry) =>
        states = registry.HandlerNames.ToDictionary(h => h, _ => State.Idle, StringComparer.Ordinal);

    /// <summary>Says that the handler may have due deliveries; a name this build does not know is ignored.</summary>
    public void Wake(string handler)
    {
        lock (gate)
        {
            if (!states.TryGetValue(handler, out var state))
            {
                return;
            }
            switch (state)
            {
                case State.Idle:
                    states[handler] = State.Queued;
                    ready.Writer.TryWrite(handler);
                    break;
                case State.Running:
                    states[handler] = State.RunningAndWoken;
                    break;
            }
        }
    }

    internal void WakeAll()
    {
        foreach (var handler in states.Keys.ToArray())
        {
            Wake(handler);
        }
    }

    internal async ValueTask<string> TakeAsync(CancellationToken ct)
    {
        var handler = await ready.Reader.ReadAsync(ct);
        lock (gate)
        {
            states[handler] = State.Running;
        }
        return handler;
    }

    /// <summary>A worker finished a batch; the lane goes back in the queue when it may have more.</summary>
    internal void Done(string handler, bool mayHaveMore)
    {
        lock (gate)
        {
            if (mayHaveMore || states[handler] == State.RunningAndWoken)
            {
                states[handler] = State.Queued;
                ready.Writer.TryWrite(handler);
            }
            else
            {
                states[handler] = State.Idle;
            }
        }
    }
}
