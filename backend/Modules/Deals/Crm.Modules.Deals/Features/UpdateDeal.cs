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

/// <summary>The deal card's fields are saved (the whole form); a stale version is refused (409).</summary>
internal static class UpdateDeal
{
    public sealed record Body(
        string? Name,
        decimal? Budget,
        string? Currency,
        string? Goal,
        string? CompanyName,
        string? ContactName,
        DateTimeOffset? Deadline,
        Dictionary<string, JsonElement>? CustomFields,
        int Version);

    public sealed record Command(
        Guid Id,
        string? Name,
        decimal? Budget,
        string? Currency,
        string? Goal,
        string? CompanyName,
        string? ContactName,
        DateTimeOffset? Deadline,
        Dictionary<string, JsonElement>? CustomFields,
        int Version) : ICommand<DealResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).ValidDealName();
            RuleFor(c => c.Budget).ValidBudget();
            RuleFor(c => c.Currency).ValidCurrency();
            RuleFor(c => c.Goal).MaxText(DealRules.GoalMaxLength);
            RuleFor(c => c.CompanyName).MaxText(DealRules.NameMaxLength);
            RuleFor(c => c.ContactName).MaxText(DealRules.NameMaxLength);
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, TimeProvider clock)
        : ICommandHandler<Command, DealResponse>
    {
        public async ValueTask<DealResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var deal = await DealAccess.LoadForChangeAsync(conn, command.Id, command.Version, currentUser);
            // Left out, the values stay as they are; an empty object clears them.
            var custom = command.CustomFields is null ? deal.Custom : await CustomValues.CheckAsync(conn, command.CustomFields);
            var updated = await conn.QuerySingleAsync<DealRow>(
                $"""
                update deals.deals
                set name = @Name, budget = @Budget, currency = @Currency, goal = @Goal, company_name = @CompanyName,
                    contact_name = @ContactName, deadline = @Deadline, custom = @Custom::jsonb,
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
                    CompanyName = DealRules.Clean(command.CompanyName),
                    ContactName = DealRules.Clean(command.ContactName),
                    command.Deadline,
                    Custom = custom,
                    Now = clock.GetUtcNow(),
                });
            await events.PublishAsync(new DealUpdated(
                updated.Id, updated.Name, updated.PipelineId, updated.StageId, updated.Budget, updated.Currency, currentUser.Id, null, []), ct);
            return updated.ToResponse();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/deals/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.Name, body.Budget, body.Currency, body.Goal,
                        body.CompanyName, body.ContactName, body.Deadline, body.CustomFields, body.Version), ct)))
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
