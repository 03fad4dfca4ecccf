using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Crm.BuildingBlocks.Realtime;

/// <summary>
/// The one SignalR hub (/hubs/crm). A client watches topics such as "pipeline:{id}"; modules
/// send to a topic through <see cref="IRealtime"/>. Everyone signed in may watch any topic:
/// every user may read everything in this CRM. The one exception is a user's own topic
/// (<see cref="UserTopic"/>, e.g. their task reminders): the hub joins each connection to its
/// signed-in user's topic, and no client may watch a "user:" topic itself.
/// </summary>
[Authorize]
public sealed class CrmHub : Hub
{
    private const int MaxTopicLength = 100;
    private const string UserTopicPrefix = "user:";

    /// <summary>The topic only <paramref name="userId"/>'s own connections are in.</summary>
    public static string UserTopic(Guid userId) => $"{UserTopicPrefix}{userId}";

    public override async Task OnConnectedAsync()
    {
        if (Guid.TryParse(Context.UserIdentifier, out var userId))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, UserTopic(userId));
        }
        await base.OnConnectedAsync();
    }

    public Task Watch(string topic) => Groups.AddToGroupAsync(Context.ConnectionId, Checked(topic));

    public Task Unwatch(string topic) => Groups.RemoveFromGroupAsync(Context.ConnectionId, Checked(topic));

    private static string Checked(string topic) =>
        string.IsNullOrWhiteSpace(topic) || topic.Length > MaxTopicLength
            ? throw new HubException("A topic is 1 to 100 characters.")
            : topic.StartsWith(UserTopicPrefix, StringComparison.OrdinalIgnoreCase)
                ? throw new HubException("A user's own topic is joined by the server, not watched.")
                : topic;
}
