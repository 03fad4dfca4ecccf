using Carter;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Inbox.Mail;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// An admin checks a shared mailbox now: connect, log in, open the folder, and say what failed if anything
/// did. A mailbox that had stopped on a failure only the admin could end is read again at the next poll
/// once the check passes. Not a command: it talks to the mail server, which no transaction waits for.
/// </summary>
internal static class CheckMailbox
{
    public sealed record Request(Guid Id) : IRequest<Result>;

    /// <summary><see cref="Failure"/> is one of <see cref="MailboxFailures"/>' names.</summary>
    public sealed record Result(bool Ok, string? Failure, string? Error);

    internal sealed class Handler(NpgsqlDataSource dataSource, MailboxReader reader, MailboxPasswords passwords, TimeProvider clock)
        : IRequestHandler<Request, Result>
    {
        public async ValueTask<Result> Handle(Request request, CancellationToken ct)
        {
            MailboxRow mailbox;
            await using (var conn = await dataSource.OpenConnectionAsync(ct))
            {
                mailbox = await Mailboxes.GetAsync(conn, request.Id);
            }
            try
            {
                await using var session = await reader.OpenAsync(mailbox.Settings(passwords), ct);
            }
            catch (MailboxException e)
            {
                return new Result(false, MailboxFailures.Name(e.Failure), e.Message);
            }
            await using (var conn = await dataSource.OpenConnectionAsync(ct))
            {
                await conn.ExecuteAsync(new CommandDefinition(
                    """
                    update inbox.mailboxes set state = 'waiting', failures = 0, last_failure = null, last_error = null, next_attempt_at = @Now
                    where id = @Id and version = @Version and state = 'stopped'
                    """,
                    new { mailbox.Id, mailbox.Version, Now = clock.GetUtcNow() },
                    cancellationToken: ct));
            }
            return new Result(true, null, null);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/inbox/mailboxes/{id:guid}/check", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Request(id), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(CheckMailbox))
                .WithTags("Inbox")
                .WithSummary("Try a shared mailbox now: connect, log in, open the folder (admins)")
                .Produces<Result>()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
