namespace Crm.BuildingBlocks.Events;

/// <summary>Delivery knobs (section "Bus"); the defaults suit production.</summary>
public sealed class BusOptions
{
    /// <summary>How often the redelivery job looks for events not yet delivered.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an instance holds an event it is delivering before another may take it.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>First retry delay of a failed handler; doubles with each attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many failures a handler's event is left as dead in bus.failures.</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>Delivered events (and their inbox rows) older than this are deleted; dead failures stay until resolved.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
