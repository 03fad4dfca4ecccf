using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Realtime;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// Tells everyone watching a request's pipeline ("pipeline:{id}", the board) that it changed, once the
/// change has committed: a new one appears in «Неразобранное», an accepted or declined one leaves it.
/// Message <c>requestChanged</c>: <c>{ pipelineId, requestId, status, request }</c>.
/// </summary>
internal sealed class LiveInbox(DbSession db, IRealtime realtime)
{
    public const string Method = "requestChanged";

    public sealed record RequestChanged(Guid PipelineId, Guid RequestId, string Status, RequestResponse Request);

    public void Changed(RequestRow request)
    {
        var message = new RequestChanged(request.PipelineId, request.Id, request.Status, request.ToResponse());
        db.AfterCommit(() => new ValueTask(realtime.SendAsync($"pipeline:{request.PipelineId}", Method, message, CancellationToken.None)));
    }
}
