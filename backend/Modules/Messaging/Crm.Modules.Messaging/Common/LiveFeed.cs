using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Realtime;

namespace Crm.Modules.Messaging.Common;

/// <summary>
/// Tells the open cards of a record that its feed changed, once the change has committed: message
/// <c>feedChanged</c> <c>{ kind, id }</c> on the topic <c>feed:{kind}:{id}</c>, which a card watches
/// while it is open (it then reads the feed's first page again). Each card once per transaction.
/// </summary>
internal sealed class LiveFeed(DbSession db, IRealtime realtime)
{
    public const string Method = "feedChanged";

    private readonly HashSet<(string Kind, Guid Id)> told = [];

    public sealed record FeedChanged(string Kind, Guid Id);

    public static string Topic(string kind, Guid id) => $"feed:{kind}:{id}";

    public void Changed(string kind, Guid id)
    {
        if (told.Add((kind, id)))
        {
            db.AfterCommit(() => new ValueTask(realtime.SendAsync(Topic(kind, id), Method, new FeedChanged(kind, id), CancellationToken.None)));
        }
    }
}
