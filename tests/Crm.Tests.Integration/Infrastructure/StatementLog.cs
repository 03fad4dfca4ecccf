using System.Collections.Concurrent;
using System.Diagnostics;

namespace Crm.Tests.Integration.Infrastructure;

/// <summary>
/// The statements Npgsql sends for a piece of work, read from Npgsql's own tracing (its "Npgsql" activities): for
/// tests that a piece of work takes the statements it should, no more. The work runs in a trace of its own and only
/// that trace's statements are kept, so the app's background work and the other tests running meanwhile are not counted.
/// One listener for the whole run: listeners added and removed while another test starts an activity can make it miss one.
/// </summary>
public static class StatementLog
{
    private static readonly ActivitySource Work = new("Crm.Tests.StatementLog");

    /// <summary>The traces of the work being logged, each with its statements so far.</summary>
    private static readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<string>> Traces = new();

    private static readonly Lazy<ActivityListener> Listener = new(() =>
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" || source == Work,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Source == Work || Traces.ContainsKey(options.Parent.TraceId) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && Traces.TryGetValue(activity.TraceId, out var statements))
                {
                    statements.Enqueue(activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    });

    /// <summary>The statements <paramref name="work"/> sent, in order (their SQL, as Npgsql traces it).</summary>
    public static async Task<IReadOnlyList<string>> OfAsync(Func<Task> work)
    {
        _ = Listener.Value;
        using var activity = Work.StartActivity("work") ?? throw new InvalidOperationException("The work's activity was not started.");
        var statements = Traces[activity.TraceId] = new ConcurrentQueue<string>();
        try
        {
            await work();
        }
        finally
        {
            Traces.TryRemove(activity.TraceId, out _);
        }
        return [.. statements];
    }
}
