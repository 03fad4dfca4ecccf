using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Inbox.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>An admin sees the company's web forms, by name.</summary>
internal static class ListForms
{
    public sealed record Query : IQuery<IReadOnlyList<FormResponse>>;

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, IReadOnlyList<FormResponse>>
    {
        public async ValueTask<IReadOnlyList<FormResponse>> Handle(Query query, CancellationToken ct) =>
            (await (await db.ConnectionAsync(ct)).QueryAsync<FormRow>($"select {FormRow.Columns} from inbox.forms f order by f.name, f.created_at"))
            .Select(f => f.ToResponse()).ToList();
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/inbox/forms", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new Query(), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(ListForms))
                .WithTags("Inbox")
                .WithSummary("The web forms (admins)")
                .Produces<IReadOnlyList<FormResponse>>()
                .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
