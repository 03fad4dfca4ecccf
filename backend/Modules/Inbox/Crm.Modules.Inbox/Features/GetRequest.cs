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
        private sealed record Card(string Raw, string RawType, string Mails);

        public async ValueTask<RequestResponse> Handle(Query query, CancellationToken ct)
        {
            // One statement, one snapshot: the request, its raw payload and its mails agree.
            var found = await (await db.ConnectionAsync(ct)).QueryAsync<RequestRow, Card, (RequestRow Request, Card Card)>(
                new CommandDefinition(
                    $"select {RequestRow.Columns}, r.raw as Raw, r.raw_type as RawType, {RequestMails.Column} as Mails from inbox.requests r where r.id = @Id",
                    query,
                    cancellationToken: ct),
                (request, card) => (request, card),
                splitOn: "Raw");
            var (request, card) = found.SingleOrDefault();
            return request is null ? throw Requests.NotFound() : request.ToResponse(card.Raw, card.RawType, RequestMails.Parse(card.Mails));
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
