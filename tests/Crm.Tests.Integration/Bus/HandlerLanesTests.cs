using System.Diagnostics;
using Crm.BuildingBlocks.Events;

namespace Crm.Tests.Integration.Bus;

/// <summary>
/// A lane woken by new events gathers them before a worker takes it: until the wakes pause, or at most
/// its limit; a wake someone waits for (read-your-writes) makes it ready at once. Each case gives the
/// other bound an hour, so only the bound under test can make the lane ready.
/// </summary>
public sealed class HandlerLanesTests
{
    private const string Lane = "Tests.Lane";
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(5); // a timer may fire this early

    [Fact]
    public async Task A_woken_lane_is_ready_only_once_its_wakes_have_paused()
    {
        var quiet = TimeSpan.FromSeconds(1);
        using var lanes = new HandlerLanes([Lane], quiet, Hour);
        var take = lanes.TakeAsync(CancellationToken.None).AsTask();
        for (var i = 0; i < 20; i++)
        {
            lanes.Wake(Lane);
            Assert.False(take.IsCompleted, $"ready after wake {i}, while the wakes go on");
            await Task.Delay(5);
        }
        lanes.Wake(Lane);
        var lastWake = Stopwatch.GetTimestamp();

        Assert.Equal(Lane, await take.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(Stopwatch.GetElapsedTime(lastWake) >= quiet - Tolerance, $"ready {Stopwatch.GetElapsedTime(lastWake)} after the last wake");
    }

    [Fact]
    public async Task A_lane_woken_without_a_pause_is_ready_once_it_has_gathered_for_its_limit()
    {
        var limit = TimeSpan.FromMilliseconds(300);
        using var lanes = new HandlerLanes([Lane], Hour, limit);
        var take = lanes.TakeAsync(CancellationToken.None).AsTask();
        var firstWake = Stopwatch.GetTimestamp();
        var deadline = TimeSpan.FromSeconds(30);
        while (!take.IsCompleted && Stopwatch.GetElapsedTime(firstWake) < deadline)
        {
            lanes.Wake(Lane);
            await Task.Delay(1);
        }

        Assert.True(take.IsCompleted, "never ready while the wakes went on");
        Assert.True(Stopwatch.GetElapsedTime(firstWake) >= limit - Tolerance, $"ready {Stopwatch.GetElapsedTime(firstWake)} after the first wake");
    }

    [Fact]
    public async Task A_wake_someone_waits_for_makes_a_gathering_lane_ready_at_once()
    {
        using var lanes = new HandlerLanes([Lane], Hour, Hour);
        var take = lanes.TakeAsync(CancellationToken.None).AsTask();
        lanes.Wake(Lane);
        Assert.False(take.IsCompleted);

        lanes.WakeNow(Lane);

        Assert.Equal(Lane, await take.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Without_a_quiet_time_a_wake_makes_the_lane_ready_at_once()
    {
        using var lanes = new HandlerLanes([Lane], TimeSpan.Zero, TimeSpan.Zero);
        var take = lanes.TakeAsync(CancellationToken.None).AsTask();

        lanes.Wake(Lane);

        Assert.Equal(Lane, await take.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_lane_woken_while_it_runs_is_queued_again_when_its_batch_is_done_without_gathering()
    {
        using var lanes = new HandlerLanes([Lane], Hour, Hour);
        lanes.WakeNow(Lane);
        Assert.Equal(Lane, await lanes.TakeAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        lanes.Wake(Lane); // new events while the batch runs

        lanes.Done(Lane, mayHaveMore: false);

        Assert.Equal(Lane, await lanes.TakeAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
