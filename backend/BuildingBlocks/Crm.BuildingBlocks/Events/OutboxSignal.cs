using System.Threading.Channels;

namespace Crm.BuildingBlocks.Events;

/// <summary>Hands just-committed event ids to the dispatcher so delivery starts at once.</summary>
public sealed class OutboxSignal
{
    private readonly Channel<Guid> channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public void Committed(IReadOnlyList<Guid> eventIds)
    {
        foreach (var id in eventIds)
        {
            channel.Writer.TryWrite(id);
        }
    }

    internal ChannelReader<Guid> Reader => channel.Reader;
}
