using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Inbox.Common;
using Crm.Modules.Inbox.Mail;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// An admin connects the shared mailbox (or another one): its mails become requests in a pipeline that takes
/// them. The password is kept encrypted and never shown again. Read from the next poll on, mails already
/// in the folder included.
/// </summary>
internal static class CreateMailbox
{
    public sealed record Command(
        string? Name, string? Host, int? Port, string? Security, string? User, string? Password, string? Folder, Guid? PipelineId,
        bool? AcceptSelfSignedCertificate, bool? Enabled) : ICommand<MailboxResponse>, IMailboxSettings;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            Include(new MailboxSettingsRules<Command>());
            RuleFor(c => c.Password).NotEmpty().WithMessage(_ => T.Pick("Укажите пароль", "Give the password"));
        }
    }

    internal sealed class Handler(DbSession db, EventCatchUp catchUp, MailboxPasswords passwords, TimeProvider clock)
        : ICommandHandler<Command, MailboxResponse>
    {
        public async ValueTask<MailboxResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await TargetPipelines.EnsureAsync(conn, catchUp, command.PipelineId!.Value, ct);
            var row = await conn.QuerySingleAsync<MailboxRow>(
                $"""
                insert into inbox.mailboxes as m (id, name, host, port, security, user_name, password_protected, folder, pipeline_id,
                    accept_self_signed, enabled, created_at, next_attempt_at)
                values (@Id, @Name, @Host, @Port, @Security, @User, @Password, @Folder, @PipelineId, @AcceptSelfSigned, @Enabled, @Now, @Now)
                returning {MailboxRow.Columns}
                """,
                new
                {
                    Id = Guid.CreateVersion7(),
                    Name = command.Name!.Trim(),
                    Host = MailboxSettingsRules<Command>.Host(command.Host!),
                    command.Port,
                    command.Security,
                    User = command.User!.Trim(),
                    Password = passwords.Protect(command.Password!),
                    Folder = MailboxSettingsRules<Command>.Folder(command.Folder),
                    command.PipelineId,
                    AcceptSelfSigned = command.AcceptSelfSignedCertificate ?? false,
                    Enabled = command.Enabled ?? true,
                    Now = clock.GetUtcNow(),
                });
            return row.ToResponse();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/inbox/mailboxes", async (Command command, ISender sender, CancellationToken ct) =>
                {
                    var mailbox = await sender.Send(command, ct);
                    return Results.Created($"/api/inbox/mailboxes/{mailbox.Id}", mailbox);
                })
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(CreateMailbox))
                .WithTags("Inbox")
                .WithSummary("Connect a shared mailbox whose mails become requests (admins)")
                .Produces<MailboxResponse>(StatusCodes.Status201Created)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
