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
/// A user adds a company to the Lists. One that shares a phone, e-mail or tax id with an existing
/// company is refused with the look-alikes (409) until the user confirms it is a different one.
/// A manager's company is theirs: they may not give it to someone else here (403).
/// </summary>
internal static class CreateCompany
{
    public sealed record Command(
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
        bool ConfirmDuplicate) : ICommand<CompanyResponse>;

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
            var responsibleId = command.ResponsibleId ?? currentUser.Id;
            var conn = await db.ConnectionAsync(ct);
            await Responsibles.EnsureAssignableAsync(conn, catchUp, currentUser, responsibleId, ct);
            var fields = new CompanyFields(
                command.Name!.Trim(),
                DirectoryRules.Clean(command.Website),
                DirectoryRules.Clean(command.Address),
                DirectoryRules.Clean(command.Region),
                DirectoryRules.Clean(command.TaxId),
                DirectoryRules.Clean(command.Notes),
                await CustomValues.CheckAsync(conn, Entities.Company, command.CustomFields),
                new Channels.Set(Channels.Normalize(command.Phones), Channels.Normalize(command.Emails), []));
            await Duplicates.CheckCompanyAsync(conn, null, fields.Channels, fields.TaxId, command.ConfirmDuplicate);
            var id = Guid.CreateVersion7();
            await Companies.CreateAsync(conn, events, id, fields, responsibleId, currentUser.Id, clock.GetUtcNow(), ct);
            return (await Companies.ReadAsync(conn, id))!;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/directory/companies", async (Command command, ISender sender, CancellationToken ct) =>
                {
                    var company = await sender.Send(command, ct);
                    return Results.Created($"/api/directory/companies/{company.Id}", company);
                })
                .WithName(nameof(CreateCompany))
                .WithTags("Directory")
                .WithSummary("Add a company (409 with the look-alikes unless confirmDuplicate)")
                .Produces<CompanyResponse>(StatusCodes.Status201Created)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
