using System.Text.Json;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Directory.Common;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// A user adds a contact to the Lists, perhaps in a company (an unknown or deleted one is refused).
/// One that shares a phone or e-mail with an existing contact is refused with the look-alikes (409)
/// until the user confirms it is a different person. A manager's contact is theirs (403 otherwise).
/// </summary>
internal static class CreateContact
{
    public sealed record Command(
        string? FullName,
        string? Position,
        IReadOnlyList<PhoneInput>? Phones,
        IReadOnlyList<EmailInput>? Emails,
        IReadOnlyList<MessengerInput>? Messengers,
        Guid? CompanyId,
        Guid? ResponsibleId,
        Dictionary<string, JsonElement>? CustomFields,
        bool ConfirmDuplicate) : ICommand<ContactResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => this.ValidContact(c => c.FullName, c => c.Position, c => c.Phones, c => c.Emails, c => c.Messengers);
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, EventCatchUp catchUp, TimeProvider clock)
        : ICommandHandler<Command, ContactResponse>
    {
        public async ValueTask<ContactResponse> Handle(Command command, CancellationToken ct)
        {
            var responsibleId = command.ResponsibleId ?? currentUser.Id;
            var conn = await db.ConnectionAsync(ct);
            await Responsibles.EnsureAssignableAsync(conn, catchUp, currentUser, responsibleId, ct);
            await Contacts.EnsureCompanyLiveAsync(conn, command.CompanyId);
            var fields = new ContactFields(
                command.FullName!.Trim(),
                DirectoryRules.Clean(command.Position),
                command.CompanyId,
                await CustomValues.CheckAsync(conn, Entities.Contact, command.CustomFields),
                new Channels.Set(Channels.Normalize(command.Phones), Channels.Normalize(command.Emails), Channels.Normalize(command.Messengers)));
            await Duplicates.CheckContactAsync(conn, null, fields.Channels, command.ConfirmDuplicate);
            var id = Guid.CreateVersion7();
            await Contacts.CreateAsync(conn, events, id, fields, responsibleId, currentUser.Id, clock.GetUtcNow(), ct);
            return (await Contacts.ReadAsync(conn, id))!;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/directory/contacts", async (Command command, ISender sender, CancellationToken ct) =>
                {
                    var contact = await sender.Send(command, ct);
                    return Results.Created($"/api/directory/contacts/{contact.Id}", contact);
                })
                .WithName(nameof(CreateContact))
                .WithTags("Directory")
                .WithSummary("Add a contact (409 with the look-alikes unless confirmDuplicate)")
                .Produces<ContactResponse>(StatusCodes.Status201Created)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
