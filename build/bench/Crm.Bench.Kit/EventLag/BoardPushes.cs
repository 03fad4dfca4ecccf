using System.Collections.Concurrent;

namespace Crm.Bench.EventLag;

/// <summary>
/// When each board push went out: the DealMoved subscriber calls <see cref="Pushed"/> after its
/// transaction has committed, where the app's NotifyBoardWatchers sends to SignalR.
/// </summary>
public sealed class BoardPushes
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> pushed = new();

    public void Pushed(Guid moveId) => pushed.TryAdd(moveId, DateTimeOffset.UtcNow);

    public bool TryGet(Guid moveId, out DateTimeOffset at) => pushed.TryGetValue(moveId, out at);

    public int Count => pushed.Count;
}
