using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Crm.BuildingBlocks.Realtime;

/// <summary>
/// The one SignalR hub (/hubs/crm). A client watches topics such as "pipeline:{id}"; modules
/// send to a topic through <see cref="IRealtime"/>. Everyone signed in may watch any topic:
/// every user may read everything in this CRM.
/// </summary>
[Authorize]
public sealed class CrmHub : Hub
{
    private const int MaxTopicLength = 100;

    public Task Watch(string topic) => Groups.AddToGroupAsync(Context.ConnectionId, Checked(topic));

    public Task Unwatch(string topic) => Groups.RemoveFromGroupAsync(Context.ConnectionId, Checked(topic));

    private static string Checked(string topic) =>
        string.IsNullOrWhiteSpace(topic) || topic.Length > MaxTopicLength
            ? throw new HubException("A topic is 1 to 100 characters.")
            : topic;
}
