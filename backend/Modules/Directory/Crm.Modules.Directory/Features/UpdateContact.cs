using System.Text.Json;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Contracts;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// A user saves a contact's card (the whole form), perhaps moving it to another company: a stale
/// version is refused (409), and so is a phone or e-mail another contact has, until confirmed.
/// </summary>
internal static class UpdateContact
{
    public sealed record Body(
        string? FullName,
        string? Position,
        IReadOnlyList<PhoneInput>? Phones,
        IReadOnlyList<EmailInput>? Emails,
        IReadOnlyList<MessengerInput>? Messengers,
        Guid? CompanyId,
        Guid? ResponsibleId,
        Dictionary<string, JsonElement>? CustomFields,
        bool ConfirmDuplicate,
        int Version);

    public sealed record Command(
        Guid Id,
        string? FullName,
        string? Position,
        IReadOnlyList<PhoneInput>? Phones,
        IReadOnlyList<EmailInput>? Emails,
        IReadOnlyList<MessengerInput>? Messengers,
        Guid? CompanyId,
        Guid? ResponsibleId,
        Dictionary<string, JsonElement>? CustomFields,
        bool ConfirmDuplicate,
        int Version) : ICommand<ContactResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => this.ValidContact(c => c.FullName, c => c.Position, c => c.Phones, c => c.Emails, c => c.Messengers);
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, EventCatchUp catchUp, TimeProvider clock)
        : ICommandHandler<Command, ContactResponse>
    {
        public async ValueTask<ContactResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var contact = await Contacts.LoadForChangeAsync(conn, command.Id, command.Version, currentUser);
            var responsibleId = command.ResponsibleId ?? contact.ResponsibleId;
            if (responsibleId != contact.ResponsibleId)
            {
                await Responsibles.EnsureAssignableAsync(conn, catchUp, currentUser, responsibleId, ct);
            }
            await Contacts.EnsureCompanyLiveAsync(conn, command.CompanyId);
            var fields = new ContactFields(
                command.FullName!.Trim(),
                DirectoryRules.Clean(command.Position),
                command.CompanyId,
                // Left out, the values stay as they are; an empty object clears them.
                command.CustomFields is null ? contact.Custom : await CustomValues.CheckAsync(conn, Entities.Contact, command.CustomFields),
                new Channels.Set(Channels.Normalize(command.Phones), Channels.Normalize(command.Emails), Channels.Normalize(command.Messengers)));
            await Duplicates.CheckContactAsync(conn, contact.Id, fields.Channels, command.ConfirmDuplicate);
            await Contacts.UpdateAsync(conn, contact.Id, fields, responsibleId, currentUser.Id, clock.GetUtcNow());
            await events.PublishAsync(new ContactUpdated(await RecordStates.ContactAsync(conn, contact.Id), currentUser.Id), ct);
            return (await Contacts.ReadAsync(conn, contact.Id))!;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/directory/contacts/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.FullName, body.Position, body.Phones, body.Emails, body.Messengers,
                        body.CompanyId, body.ResponsibleId, body.CustomFields, body.ConfirmDuplicate, body.Version), ct)))
                .WithName(nameof(UpdateContact))
                .WithTags("Directory")
                .WithSummary("Save a contact's card")
                .Produces<ContactResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
