using System.Diagnostics;
using System.Threading.Channels;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// Which handlers (lanes) of this instance have work, in the order they asked. A lane is taken by
/// one worker at a time here (other instances may take the same lane's other aggregates); a lane
/// with more work goes to the back of the queue after each batch, so a burst for one handler never
/// keeps a worker from the others.
/// <para>
/// An idle lane woken by new events gathers before it is ready: it waits until the wakes have paused
/// for <c>quiet</c>, or for <c>limit</c> at most. One event is delivered <c>quiet</c> after its commit;
/// a burst (a hundred managers accepting requests at once, an import) is delivered after it, in full
/// batches, instead of a batch per event on the same cores as the burst's own requests. A wake that
/// someone waits for (<see cref="WakeNow"/>: read-your-writes) makes the lane ready at once.
/// </para>
/// </summary>
public sealed class HandlerLanes : IDisposable
{
    private enum State { Idle, Gathering, Queued, Running, RunningAndWoken }

    private sealed class Lane(string handler)
    {
        public string Handler { get; } = handler;
        public State State { get; set; }
        public long FirstWake { get; set; }
        public long LastWake { get; set; }
        public Timer? Timer { get; set; }
    }

    private readonly Channel<string> ready = Channel.CreateUnbounded<string>();
    private readonly Dictionary<string, Lane> lanes;
    private readonly TimeSpan quiet;
    private readonly TimeSpan limit;
    private readonly Lock gate = new();
    private bool disposed;

    internal HandlerLanes(IEnumerable<string> handlers, TimeSpan quiet, TimeSpan limit)
    {
        lanes = handlers.ToDictionary(h => h, h => new Lane(h), StringComparer.Ordinal);
        this.quiet = quiet;
        this.limit = limit;
    }

    /// <summary>Says that the handler may have due deliveries (new events, a retry come due); a name this build does not know is ignored.</summary>
    public void Wake(string handler)
    {
        if (quiet <= TimeSpan.Zero)
        {
            WakeNow(handler);
            return;
        }
        lock (gate)
        {
            if (disposed || !lanes.TryGetValue(handler, out var lane))
            {
                return;
            }
            var now = Stopwatch.GetTimestamp();
            switch (lane.State)
            {
                case State.Idle:
                    lane.State = State.Gathering;
                    lane.FirstWake = now;
                    lane.LastWake = now;
                    lane.Timer ??= new Timer(_ => Gathered(lane), null, Timeout.Infinite, Timeout.Infinite);
                    lane.Timer.Change(quiet < limit ? quiet : limit, Timeout.InfiniteTimeSpan);
                    break;
                case State.Gathering:
                    lane.LastWake = now;
                    break;
                case State.Running:
                    lane.State = State.RunningAndWoken;
                    break;
            }
        }
    }

    /// <summary>Like <see cref="Wake"/>, but the lane is ready at once: someone is waiting for its deliveries.</summary>
    public void WakeNow(string handler)
    {
        lock (gate)
        {
            if (!lanes.TryGetValue(handler, out var lane))
            {
                return;
            }
            switch (lane.State)
            {
                case State.Idle:
                case State.Gathering:
                    Queue(lane);
                    break;
                case State.Running:
                    lane.State = State.RunningAndWoken;
                    break;
            }
        }
    }

    internal void WakeAll()
    {
        foreach (var handler in lanes.Keys)
        {
            Wake(handler);
        }
    }

    internal async ValueTask<string> TakeAsync(CancellationToken ct)
    {
        var handler = await ready.Reader.ReadAsync(ct);
        lock (gate)
        {
            lanes[handler].State = State.Running;
        }
        return handler;
    }

    /// <summary>A worker finished a batch; the lane goes back in the queue when it may have more.</summary>
    internal void Done(string handler, bool mayHaveMore)
    {
        lock (gate)
        {
            var lane = lanes[handler];
            if (mayHaveMore || lane.State == State.RunningAndWoken)
            {
                Queue(lane);
            }
            else
            {
                lane.State = State.Idle;
            }
        }
    }

    /// <summary>A gathering lane's timer: ready once its wakes have paused long enough or it has waited its limit, else it waits on.</summary>
    private void Gathered(Lane lane)
    {
        lock (gate)
        {
            if (disposed || lane.State != State.Gathering)
            {
                return;
            }
            var now = Stopwatch.GetTimestamp();
            var sinceLast = Stopwatch.GetElapsedTime(lane.LastWake, now);
            var sinceFirst = Stopwatch.GetElapsedTime(lane.FirstWake, now);
            if (sinceLast >= quiet || sinceFirst >= limit)
            {
                Queue(lane);
                return;
            }
            var wait = quiet - sinceLast < limit - sinceFirst ? quiet - sinceLast : limit - sinceFirst;
            lane.Timer!.Change(wait, Timeout.InfiniteTimeSpan);
        }
    }

    private void Queue(Lane lane)
    {
        lane.State = State.Queued;
        if (!disposed)
        {
            lane.Timer?.Change(Timeout.Infinite, Timeout.Infinite);
        }
        ready.Writer.TryWrite(lane.Handler);
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            foreach (var lane in lanes.Values)
            {
                lane.Timer?.Dispose();
            }
        }
    }
}
