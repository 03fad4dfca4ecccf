using System.Collections.Concurrent;

namespace Crm.Bench.Endurance;

/// <summary>
/// What the clients were told: every deal answered 201 and, per deal, every move sent with whether it was answered
/// 200. A deal is moved only by the client that created it, one call at a time, so its moves are in order.
/// </summary>
internal sealed class DealBook
{
    private readonly ConcurrentDictionary<Guid, TrackedDeal> deals = new();
    private long createsSent, movesSent, movesAcknowledged;

    public long CreatesSent => Interlocked.Read(ref createsSent);

    public long CreatesAcknowledged => deals.Count;

    public long MovesSent => Interlocked.Read(ref movesSent);

    public long MovesAcknowledged => Interlocked.Read(ref movesAcknowledged);

    public IEnumerable<TrackedDeal> Deals => deals.Values;

    public void CreateSent() => Interlocked.Increment(ref createsSent);

    public TrackedDeal Created(Guid id, Guid stageId)
    {
        var deal = new TrackedDeal(id, stageId);
        deals[id] = deal;
        return deal;
    }

    public void Moved(TrackedDeal deal, Guid stageId, bool acknowledged)
    {
        Interlocked.Increment(ref movesSent);
        if (acknowledged)
        {
            Interlocked.Increment(ref movesAcknowledged);
        }
        deal.Moves.Add(new Move(stageId, acknowledged));
    }
}

internal readonly record struct Move(Guid StageId, bool Acknowledged);

internal sealed class TrackedDeal(Guid id, Guid createdIn)
{
    public Guid Id { get; } = id;

    public List<Move> Moves { get; } = [];

    /// <summary>The stage the deal was last told to be in (the last acknowledged move, else where it was created).</summary>
    public Guid Current => Moves.LastOrDefault(m => m.Acknowledged) is { Acknowledged: true } m ? m.StageId : createdIn;

    /// <summary>
    /// Where the deal may stand: the last acknowledged move's stage (or the one it was created in), or the target of
    /// a move sent after it that got no answer (it may have committed before the host died).
    /// </summary>
    public HashSet<Guid> Allowed()
    {
        var last = Moves.FindLastIndex(m => m.Acknowledged);
        var allowed = new HashSet<Guid> { last >= 0 ? Moves[last].StageId : createdIn };
        allowed.UnionWith(Moves.Skip(last + 1).Select(m => m.StageId));
        return allowed;
    }
}
