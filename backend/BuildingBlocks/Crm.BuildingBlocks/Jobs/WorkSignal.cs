namespace Crm.BuildingBlocks.Jobs;

/// <summary>
/// Wakes a module's background worker when work is queued on this instance (other instances find it
/// at their next poll). One singleton per kind of work, told apart by <typeparamref name="TWork"/>.
/// </summary>
public sealed class WorkSignal<TWork> : IDisposable
{
    private readonly SemaphoreSlim signal = new(0);

    public void Poke()
    {
        if (signal.CurrentCount == 0)
        {
            signal.Release();
        }
    }

    /// <summary>Until poked or <paramref name="timeout"/> has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await signal.WaitAsync(timeout, ct);

    public void Dispose() => signal.Dispose();
}
