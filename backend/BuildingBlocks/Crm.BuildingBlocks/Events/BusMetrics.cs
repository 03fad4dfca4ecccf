using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// The bus's OpenTelemetry instruments (meter "Crm.Bus"): how far behind each handler is, how long
/// events wait, and what fails. Pending counts come from each instance's poll, not a query per scrape.
/// </summary>
public sealed class BusMetrics
{
    public const string MeterName = "Crm.Bus";

    private readonly ConcurrentDictionary<string, (long Pending, long Dead)> backlog = new();
    private readonly Histogram<double> lag;
    private readonly Counter<long> delivered;
    private readonly Counter<long> failures;

    public BusMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        lag = meter.CreateHistogram<double>("crm.bus.delivery_lag", "ms", "From the event's publication (OccurredAt) to its handler's commit");
        delivered = meter.CreateCounter<long>("crm.bus.delivered", "{delivery}", "Deliveries handled and committed");
        failures = meter.CreateCounter<long>("crm.bus.failures", "{failure}", "Handler failures (tag dead: the delivery was given up)");
        meter.CreateObservableGauge("crm.bus.pending", () => backlog.Select(b => new Measurement<long>(b.Value.Pending, Tag(b.Key))),
            "{delivery}", "Deliveries waiting per handler (as of the last poll)");
        meter.CreateObservableGauge("crm.bus.dead", () => backlog.Select(b => new Measurement<long>(b.Value.Dead, Tag(b.Key))),
            "{delivery}", "Dead deliveries per handler, waiting for an admin");
    }

    internal void Delivered(string handler, TimeSpan lagSinceOccurred)
    {
        var tag = Tag(handler);
        lag.Record(lagSinceOccurred.TotalMilliseconds, tag);
        delivered.Add(1, tag);
    }

    internal void Failed(string handler, bool dead) =>
        failures.Add(1, Tag(handler), new KeyValuePair<string, object?>("dead", dead));

    internal void Backlog(IReadOnlyDictionary<string, (long Pending, long Dead)> byHandler)
    {
        foreach (var handler in backlog.Keys.Except(byHandler.Keys).ToArray())
        {
            backlog[handler] = (0, 0);
        }
        foreach (var (handler, counts) in byHandler)
        {
            backlog[handler] = counts;
        }
    }

    private static KeyValuePair<string, object?> Tag(string handler) => new("handler", handler);
}
