using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Realtime;

namespace Crm.Modules.Messaging.Common;

/// <summary>
/// Sends a channel's news, once committed, to every open tab of each user it concerns, on their own
/// topics (a private channel's messages never go to a topic anyone could watch): <c>chatMessage</c>
/// <c>{ channelId, message, deals }</c>, <c>chatMessageChanged</c> the same, <c>chatMessageDeleted</c>
/// <c>{ channelId, messageId }</c>, and to the reader alone <c>chatRead</c> <c>{ channelId }</c>.
/// </summary>
internal sealed class LiveChat(DbSession db, IRealtime realtime)
{
    public sealed record MessagePushed(Guid ChannelId, ChatMessageResponse Message, IReadOnlyDictionary<Guid, string> Deals);

    public sealed record MessageDeleted(Guid ChannelId, Guid MessageId);

    public sealed record ChannelRead(Guid ChannelId);

    public void Send(IEnumerable<Guid> users, string method, object payload)
    {
        var recipients = users.Distinct().ToList();
        db.AfterCommit(async () =>
        {
            foreach (var user in recipients)
            {
                await realtime.SendAsync(CrmHub.UserTopic(user), method, payload, CancellationToken.None);
            }
        });
    }
}
