using Carter;
using Crm.BuildingBlocks.Data;
using Crm.Modules.Inbox.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// One request with all it holds, the raw message and a mail's thread too: for its card in «Неразобранное»,
/// and on its deal's card once accepted (the deal has the request's id). Every user may read every request.
/// </summary>
internal static class GetRequest
{
    public sealed record Query(Guid Id) : IQuery<RequestResponse>;

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, RequestResponse>
    {
        private sealed record Raw(string Text, string Type);

        public async ValueTask<RequestResponse> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var request = await Requests.GetAsync(conn, query.Id);
            var raw = await conn.QuerySingleAsync<Raw>(
                new CommandDefinition("select raw as Text, raw_type as Type from inbox.requests where id = @Id", query, cancellationToken: ct));
            return request.ToResponse(raw.Text, raw.Type, await RequestMails.OfAsync(conn, query.Id, ct));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/inbox/requests/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(id), ct)))
                .WithName(nameof(GetRequest))
                .WithTags("Inbox")
                .WithSummary("A request with all its data and the raw message")
                .Produces<RequestResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
