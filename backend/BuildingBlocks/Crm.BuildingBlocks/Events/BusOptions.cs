namespace Crm.BuildingBlocks.Events;

/// <summary>Delivery knobs (section "Bus"); the defaults suit production.</summary>
public sealed class BusOptions
{
    /// <summary>
    /// How often each instance looks for due deliveries it was not told of (the safety net under
    /// LISTEN/NOTIFY: a lost connection, a retry that has come due, a crashed instance's work).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An idle handler lane woken by new events starts delivering once the wakes have paused this long
    /// (<see cref="HandlerLanes"/>): a burst of commits is delivered after it, in full batches, not a
    /// batch per event beside the burst's own requests. Zero: at once.
    /// </summary>
    public TimeSpan GatherQuiet { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>The longest a lane gathers while the wakes go on without a pause.</summary>
    public TimeSpan GatherLimit { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many handler lanes an instance delivers at once.</summary>
    public int Workers { get; set; } = 4;

    /// <summary>
    /// At most this many deliveries of one handler in one transaction (a savepoint each). Kept under
    /// PostgreSQL's 64 cached subtransactions per backend, past which every snapshot gets slower.
    /// </summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>First retry delay of a failed handler; doubles with each attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many failures a delivery is left dead, visible and retryable by an admin.</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>Events all of whose deliveries are done, and their inbox rows, are deleted after this.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A delivery to a handler this build does not have (removed or renamed) is left dead, for an
    /// admin to see and discard, once its event is this old. Until then another instance may still
    /// run the build that has it: during a rolling deploy the old instances deliver what they know.
    /// </summary>
    public TimeSpan UnknownHandlerGrace { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a read-your-writes check waits for a handler to take an aggregate's pending events.</summary>
    public TimeSpan CatchUpTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
