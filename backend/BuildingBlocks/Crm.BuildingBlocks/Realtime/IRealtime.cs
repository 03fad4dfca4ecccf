using Microsoft.AspNetCore.SignalR;

namespace Crm.BuildingBlocks.Realtime;

/// <summary>Pushes a message to the browsers watching a topic (live board updates, notifications).</summary>
public interface IRealtime
{
    Task SendAsync(string topic, string method, object payload, CancellationToken ct = default);
}

internal sealed class HubRealtime(IHubContext<CrmHub> hub) : IRealtime
{
    public Task SendAsync(string topic, string method, object payload, CancellationToken ct = default) =>
        hub.Clients.Group(topic).SendAsync(method, payload, ct);
}
