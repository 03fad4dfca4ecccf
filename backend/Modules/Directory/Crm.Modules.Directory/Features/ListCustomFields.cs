using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Crm.Modules.Directory.Common;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>The custom fields of companies and contacts (or of one of them), in the order the admin set; every user reads them to show the cards.</summary>
internal static class ListCustomFields
{
    public sealed record Query(string? Entity) : IQuery<IReadOnlyList<CustomFieldResponse>>;

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() =>
            RuleFor(x => x.Entity).Must(e => e is null || Entities.All.Contains(e))
                .WithMessage(_ => T.Pick("Сущность: company или contact", "Entity must be company or contact"));
    }

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, IReadOnlyList<CustomFieldResponse>>
    {
        public async ValueTask<IReadOnlyList<CustomFieldResponse>> Handle(Query query, CancellationToken ct) =>
            await CustomFields.AllAsync(await db.ConnectionAsync(ct), query.Entity);
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/directory/custom-fields", async (string? entity, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(entity), ct)))
                .WithName("ListDirectoryCustomFields")
                .WithTags("Directory")
                .WithSummary("Custom fields of companies and contacts")
                .Produces<IReadOnlyList<CustomFieldResponse>>()
                .ProducesValidationProblem();
    }
}
