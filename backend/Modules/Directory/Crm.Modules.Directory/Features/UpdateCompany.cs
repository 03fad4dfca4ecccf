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
/// A user saves a company's card (the whole form): a stale version is refused (409), and so is a
/// phone, e-mail or tax id another company has, until the user confirms it.
/// </summary>
internal static class UpdateCompany
{
    public sealed record Body(
        string? Name,
        IReadOnlyList<PhoneInput>? Phones,
        IReadOnlyList<EmailInput>? Emails,
        string? Website,
        string? Address,
        string? Region,
        string? TaxId,
        string? Notes,
        Guid? ResponsibleId,
        Dictionary<string, JsonElement>? CustomFields,
        bool ConfirmDuplicate,
        int Version);

    public sealed record Command(
        Guid Id,
        string? Name,
        IReadOnlyList<PhoneInput>? Phones,
        IReadOnlyList<EmailInput>? Emails,
        string? Website,
        string? Address,
        string? Region,
        string? TaxId,
        string? Notes,
        Guid? ResponsibleId,
        Dictionary<string, JsonElement>? CustomFields,
        bool ConfirmDuplicate,
        int Version) : ICommand<CompanyResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => this.ValidCompany(c => c.Name, c => c.Phones, c => c.Emails, c => c.Website, c => c.Address,
            c => c.Region, c => c.TaxId, c => c.Notes);
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, EventCatchUp catchUp, TimeProvider clock)
        : ICommandHandler<Command, CompanyResponse>
    {
        public async ValueTask<CompanyResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var company = await Companies.LoadForChangeAsync(conn, command.Id, command.Version, currentUser);
            var responsibleId = command.ResponsibleId ?? company.ResponsibleId;
            if (responsibleId != company.ResponsibleId)
            {
                await Responsibles.EnsureAssignableAsync(conn, catchUp, currentUser, responsibleId, ct);
            }
            var fields = new CompanyFields(
                command.Name!.Trim(),
                DirectoryRules.Clean(command.Website),
                DirectoryRules.Clean(command.Address),
                DirectoryRules.Clean(command.Region),
                DirectoryRules.Clean(command.TaxId),
                DirectoryRules.Clean(command.Notes),
                // Left out, the values stay as they are; an empty object clears them.
                command.CustomFields is null ? company.Custom : await CustomValues.CheckAsync(conn, Entities.Company, command.CustomFields),
                new Channels.Set(Channels.Normalize(command.Phones), Channels.Normalize(command.Emails), []));
            await Duplicates.CheckCompanyAsync(conn, company.Id, fields.Channels, fields.TaxId, command.ConfirmDuplicate);
            await Companies.UpdateAsync(conn, company.Id, fields, responsibleId, currentUser.Id, clock.GetUtcNow());
            await events.PublishAsync(new CompanyUpdated(await RecordStates.CompanyAsync(conn, company.Id), currentUser.Id), ct);
            return (await Companies.ReadAsync(conn, company.Id))!;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/directory/companies/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.Name, body.Phones, body.Emails, body.Website, body.Address,
                        body.Region, body.TaxId, body.Notes, body.ResponsibleId, body.CustomFields, body.ConfirmDuplicate, body.Version), ct)))
                .WithName(nameof(UpdateCompany))
                .WithTags("Directory")
                .WithSummary("Save a company's card")
                .Produces<CompanyResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
