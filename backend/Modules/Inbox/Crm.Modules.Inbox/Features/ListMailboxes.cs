using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Inbox.Mail;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>The shared mailboxes with how reading each goes (the last error of one that is down), for the admin's settings page.</summary>
internal static class ListMailboxes
{
    public sealed record Query : IQuery<IReadOnlyList<MailboxResponse>>;

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, IReadOnlyList<MailboxResponse>>
    {
        public async ValueTask<IReadOnlyList<MailboxResponse>> Handle(Query query, CancellationToken ct)
        {
            var rows = await (await db.ConnectionAsync(ct)).QueryAsync<MailboxRow>(new CommandDefinition(
                $"select {MailboxRow.Columns} from inbox.mailboxes m order by m.name, m.id", cancellationToken: ct));
            return rows.Select(r => r.ToResponse()).ToList();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/inbox/mailboxes", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new Query(), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(ListMailboxes))
                .WithTags("Inbox")
                .WithSummary("The shared mailboxes and how reading each goes (admins)")
                .Produces<IReadOnlyList<MailboxResponse>>()
                .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
