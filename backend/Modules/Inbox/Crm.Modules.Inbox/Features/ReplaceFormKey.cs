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

/// <summary>
/// An admin gives a form a new key (its address was abused, or copied where it should not be): the old
/// address answers 404 at once, and the site needs the new snippet.
/// </summary>
internal static class ReplaceFormKey
{
    public sealed record Command(Guid Id) : ICommand<FormResponse>;

    internal sealed class Handler(DbSession db) : ICommandHandler<Command, FormResponse>
    {
        public async ValueTask<FormResponse> Handle(Command command, CancellationToken ct)
        {
            var row = await (await db.ConnectionAsync(ct)).QuerySingleOrDefaultAsync<FormRow>(
                $"update inbox.forms as f set key = @Key, version = f.version + 1 where f.id = @Id returning {FormRow.Columns}",
                new { command.Id, Key = FormKeys.New() });
            return (row ?? throw Forms.NotFound()).ToResponse();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/inbox/forms/{id:guid}/key", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(ReplaceFormKey))
                .WithTags("Inbox")
                .WithSummary("Give a web form a new key: the old address stops working (admins)")
                .Produces<FormResponse>()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
