using System.Text.Json;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Contracts;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// The deal card's fields are saved (the whole form); a stale version is refused (409). The
/// contacts sent replace the deal's; left out, they stay. Company and contacts are records of the
/// Lists by id, as on CreateDeal. A To-Do job keeps its title and deadline and takes no budget or goal
/// (<see cref="TodoJobs"/>).
/// </summary>
internal static class UpdateDeal
{
    public sealed record Body(
        string? Name,
        decimal? Budget,
        string? Currency,
        string? Goal,
        Guid? CompanyId,
        string? CompanyName,
        IReadOnlyList<DealContactInput>? Contacts,
        DateTimeOffset? Deadline,
        Dictionary<string, JsonElement>? CustomFields,
        int Version);

    public sealed record Command(
        Guid Id,
        string? Name,
        decimal? Budget,
        string? Currency,
        string? Goal,
        Guid? CompanyId,
        string? CompanyName,
        IReadOnlyList<DealContactInput>? Contacts,
        DateTimeOffset? Deadline,
        Dictionary<string, JsonElement>? CustomFields,
        int Version) : ICommand<DealResponse>, IDealLinks;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).ValidDealName();
            RuleFor(c => c.Budget).ValidBudget();
            RuleFor(c => c.Currency).ValidCurrency();
            RuleFor(c => c.Goal).MaxText(DealRules.GoalMaxLength);
            Include(new DealLinksValidator());
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, EventCatchUp catchUp, TimeProvider clock)
        : ICommandHandler<Command, DealResponse>
    {
        public async ValueTask<DealResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            // The company and contacts first: a record just added to the Lists may be waited for, and
            // not while the deal's row is locked.
            var (companyId, companyName) = await DealLinks.CompanyAsync(conn, catchUp, command, ct);
            var picked = command.Contacts is null ? null : await DealLinks.ContactsAsync(conn, catchUp, command.Contacts, ct);
            var deal = await DealAccess.LoadForChangeAsync(conn, command.Id, command.Version, currentUser);
            if (await TodoJobs.IsTodoAsync(conn, deal.PipelineId))
            {
                TodoJobs.CheckChange(deal, command.Name, command.Budget, command.Goal, command.Deadline);
            }
            // Left out, the values stay as they are; an empty object clears them.
            var custom = command.CustomFields is null ? deal.Custom : await CustomValues.CheckAsync(conn, command.CustomFields);
            var me = currentUser.Id;
            var contacts = picked ?? await DealLinks.OfDealAsync(conn, deal.Id);
            if (command.CompanyId is null && DealRules.Clean(command.CompanyName) is { } typed)
            {
                // A deal from before the Lists keeps its typed company while the card sends it back unchanged.
                companyName = deal.CompanyId is null && typed == deal.CompanyName ? typed : throw DealLinks.TypedCompany();
            }
            var main = contacts.FirstOrDefault(c => c.IsMain);
            if (command.Contacts is not null)
            {
                await DealLinks.SaveContactsAsync(conn, deal.Id, contacts);
            }
            var updated = await conn.QuerySingleAsync<DealRow>(
                $"""
                update deals.deals
                set name = @Name, budget = @Budget, currency = @Currency, goal = @Goal,
                    company_id = @CompanyId, company_name = @CompanyName, contact_id = @ContactId, contact_name = @ContactName,
                    deadline = @Deadline, custom = @Custom::jsonb,
                    updated_at = @Now, version = version + 1
                where id = @Id
                returning {DealRow.Columns}
                """,
                new
                {
                    deal.Id,
                    Name = DealRules.NameOrDefault(command.Name, deal.Number),
                    command.Budget,
                    Currency = DealRules.CurrencyOrDefault(command.Currency),
                    Goal = DealRules.Clean(command.Goal),
                    CompanyId = companyId,
                    CompanyName = companyName,
                    // Left out, the contacts stay, and so does a name typed before the Lists (it has no id).
                    ContactId = command.Contacts is null ? deal.ContactId : main?.ContactId,
                    ContactName = command.Contacts is null ? deal.ContactName : main?.Name,
                    command.Deadline,
                    Custom = custom,
                    Now = clock.GetUtcNow(),
                });
            await events.PublishAsync(new DealUpdated(await DealStates.ReadAsync(conn, updated.Id), me), ct);
            return await updated.ToResponseAsync(conn);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/deals/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.Name, body.Budget, body.Currency, body.Goal,
                        body.CompanyId, body.CompanyName, body.Contacts, body.Deadline, body.CustomFields, body.Version), ct)))
                .WithName(nameof(UpdateDeal))
                .WithTags("Deals")
                .WithSummary("Save a deal's fields")
                .Produces<DealResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
