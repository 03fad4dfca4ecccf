using Carter;
using Crm.BuildingBlocks.Data;
using Crm.Modules.Directory.Common;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>A user opens a contact's card: its fields, phones, e-mails, messengers and company.</summary>
internal static class GetContact
{
    public sealed record Query(Guid Id) : IQuery<ContactResponse>;

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, ContactResponse>
    {
        public async ValueTask<ContactResponse> Handle(Query query, CancellationToken ct) =>
            await Contacts.ReadAsync(await db.ConnectionAsync(ct), query.Id) ?? throw Contacts.NotFound();
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/directory/contacts/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(id), ct)))
                .WithName(nameof(GetContact))
                .WithTags("Directory")
                .WithSummary("A contact's card")
                .Produces<ContactResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
