using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
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
/// An admin changes a shared mailbox's settings (a password left out stays as it is), or turns reading it
/// off. Saving starts over what had stopped: the mailbox is read at the next poll, its last error cleared (a
/// poll under way with the old settings stores nothing more).
/// Another server, user or folder is another folder: reading it starts over from its beginning, mails
/// whose Message-ID was already taken being skipped. A stale version is refused (409).
/// </summary>
internal static class UpdateMailbox
{
    public sealed record Body(
        string? Name, string? Host, int? Port, string? Security, string? User, string? Password, string? Folder, Guid? PipelineId,
        bool? AcceptSelfSignedCertificate, bool? Enabled, int? Version);

    public sealed record Command(
        Guid Id, string? Name, string? Host, int? Port, string? Security, string? User, string? Password, string? Folder, Guid? PipelineId,
        bool? AcceptSelfSignedCertificate, bool? Enabled, int? Version) : ICommand<MailboxResponse>, IMailboxSettings;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            Include(new MailboxSettingsRules<Command>());
            RuleFor(c => c.Version).NotNull().WithMessage(_ => T.Pick("Не указана версия", "The version is missing"));
        }
    }

    internal sealed class Handler(DbSession db, EventCatchUp catchUp, MailboxPasswords passwords, TimeProvider clock)
        : ICommandHandler<Command, MailboxResponse>
    {
        public async ValueTask<MailboxResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var version = await conn.ExecuteScalarAsync<int?>("select version from inbox.mailboxes where id = @Id for update", new { command.Id })
                ?? throw Mailboxes.NotFound();
            if (version != command.Version)
            {
                throw new ConcurrencyConflictException(T.Pick(
                    "Настройки ящика уже изменил кто-то другой. Обновите страницу и повторите.",
                    "Someone else has changed this mailbox. Reload and try again."));
            }
            await TargetPipelines.EnsureAsync(conn, catchUp, command.PipelineId!.Value, ct);
            var row = await conn.QuerySingleAsync<MailboxRow>(
                $"""
                update inbox.mailboxes as m set
                    uid_validity = case when (m.host, m.user_name, m.folder) is distinct from (@Host, @User, @Folder) then null else m.uid_validity end,
                    last_uid = case when (m.host, m.user_name, m.folder) is distinct from (@Host, @User, @Folder) then 0 else m.last_uid end,
                    name = @Name, host = @Host, port = @Port, security = @Security, user_name = @User,
                    password_protected = coalesce(@Password, m.password_protected), folder = @Folder, pipeline_id = @PipelineId,
                    accept_self_signed = @AcceptSelfSigned, enabled = coalesce(@Enabled, m.enabled),
                    state = 'waiting', failures = 0, last_failure = null, last_error = null, next_attempt_at = @Now,
                    lease_owner = null, lease_until = null, version = m.version + 1
                where m.id = @Id
                returning {MailboxRow.Columns}
                """,
                new
                {
                    command.Id,
                    Name = command.Name!.Trim(),
                    Host = MailboxSettingsRules<Command>.Host(command.Host!),
                    command.Port,
                    command.Security,
                    User = command.User!.Trim(),
                    Password = string.IsNullOrEmpty(command.Password) ? null : passwords.Protect(command.Password),
                    Folder = MailboxSettingsRules<Command>.Folder(command.Folder),
                    command.PipelineId,
                    AcceptSelfSigned = command.AcceptSelfSignedCertificate ?? false,
                    command.Enabled,
                    Now = clock.GetUtcNow(),
                });
            return row.ToResponse();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/inbox/mailboxes/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(
                        new Command(id, body.Name, body.Host, body.Port, body.Security, body.User, body.Password, body.Folder, body.PipelineId,
                            body.AcceptSelfSignedCertificate, body.Enabled, body.Version),
                        ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(UpdateMailbox))
                .WithTags("Inbox")
                .WithSummary("Change a shared mailbox's settings, or stop reading it (admins)")
                .Produces<MailboxResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
