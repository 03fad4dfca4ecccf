using Carter;
using Crm.BuildingBlocks.Data;
using Crm.Modules.Directory.Common;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>A user opens a company's card: its fields, phones, e-mails and its contacts.</summary>
internal static class GetCompany
{
    public sealed record Query(Guid Id) : IQuery<CompanyResponse>;

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, CompanyResponse>
    {
        public async ValueTask<CompanyResponse> Handle(Query query, CancellationToken ct) =>
            await Companies.ReadAsync(await db.ConnectionAsync(ct), query.Id) ?? throw Companies.NotFound();
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/directory/companies/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(id), ct)))
                .WithName(nameof(GetCompany))
                .WithTags("Directory")
                .WithSummary("A company's card with its contacts")
                .Produces<CompanyResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
