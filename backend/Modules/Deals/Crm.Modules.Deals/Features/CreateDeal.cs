using System.Text.Json;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
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
/// A deal is created: quick add in a board column (name, budget, company, contacts) or the full
/// form. Left without a name it is "Сделка #N". A manager's deal is theirs: they may not give
/// it to someone else here (403). Its company and contacts are records of the Lists, referred to by
/// id: one typed in anew is added to the Lists first (Directory's POST, with its duplicate rules), and
/// a record added a moment ago is waited for until Deals' copy has it (read-your-writes). The
/// responsible must be an active user (400). The number is taken last, after every check, from a
/// counter row in the same transaction: a refused or failed create uses none up. In a To-Do pipeline
/// the deal is a job: a title and a deadline, no budget or goal (<see cref="TodoJobs"/>).
/// </summary>
internal static class CreateDeal
{
    public sealed record Command(
        Guid? PipelineId,
        Guid? StageId,
        string? Name,
        decimal? Budget,
        string? Currency,
        string? Goal,
        Guid? CompanyId,
        string? CompanyName,
        IReadOnlyList<DealContactInput>? Contacts,
        Guid? ResponsibleId,
        DateTimeOffset? Deadline,
        Dictionary<string, JsonElement>? CustomFields) : ICommand<DealResponse>, IDealLinks;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.PipelineId).NotEmpty().WithMessage(_ => T.Pick("Выберите воронку", "Choose a pipeline"));
            RuleFor(c => c.StageId).NotEmpty().WithMessage(_ => T.Pick("Выберите этап", "Choose a stage"));
            RuleFor(c => c.Name).ValidDealName();
            RuleFor(c => c.Budget).ValidBudget();
            RuleFor(c => c.Currency).ValidCurrency();
            RuleFor(c => c.Goal).MaxText(DealRules.GoalMaxLength);
            RuleFor(c => c.CompanyName)
                .Must(string.IsNullOrWhiteSpace)
                .WithMessage(_ => DealLinks.TypedCompanyMessage())
                .When(c => c.CompanyId is null);
            Include(new DealLinksValidator());
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, EventCatchUp catchUp, TimeProvider clock)
        : ICommandHandler<Command, DealResponse>
    {
        public async ValueTask<DealResponse> Handle(Command command, CancellationToken ct)
        {
            var me = currentUser.Id;
            var responsibleId = command.ResponsibleId ?? me;
            if (!currentUser.IsSupervisor && responsibleId != me)
            {
                throw new ForbiddenException(Responsibles.OnlyTheirOwn());
            }
            var conn = await db.ConnectionAsync(ct);
            // Every check before the number is taken: a refused create uses none up (DealNumbers).
            await Responsibles.EnsureAssignableAsync(conn, catchUp, responsibleId, me, ct);
            var pipelineId = command.PipelineId!.Value;
            var archived = await conn.ExecuteScalarAsync<bool?>(
                "select archived from deals.pipelines where id = @pipelineId", new { pipelineId });
            if (archived == true)
            {
                throw new FieldValidationException("pipelineId", T.Pick("Воронка в архиве", "The pipeline is archived"));
            }
            // The Lists' records before the stage is locked: a record added a moment ago may be waited for.
            var (companyId, companyName) = await DealLinks.CompanyAsync(conn, catchUp, command, ct);
            var contacts = await DealLinks.ContactsAsync(conn, catchUp, command.Contacts ?? [], ct);
            var stage = await Stages.OpenStageOfAsync(conn, catchUp, command.StageId!.Value, pipelineId, ct);
            if (await TodoJobs.IsTodoAsync(conn, pipelineId))
            {
                TodoJobs.CheckNew(command.Name, command.Budget, command.Goal, command.Deadline);
            }
            var custom = await CustomValues.CheckAsync(conn, command.CustomFields);

            var main = contacts.FirstOrDefault(c => c.IsMain);
            var deal = await NewDeals.InsertAsync(
                conn,
                new NewDeals.Fields(
                    command.Name, pipelineId, stage.Id, command.Budget, command.Currency, command.Goal, responsibleId, companyId, companyName,
                    main?.ContactId, main?.Name, command.Deadline, custom),
                me,
                clock.GetUtcNow());
            await DealLinks.SaveContactsAsync(conn, deal.Id, contacts);
            await events.PublishAsync(new DealCreated(await DealStates.ReadAsync(conn, deal.Id), me), ct);
            return await deal.ToResponseAsync(conn);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/deals", async (Command command, ISender sender, CancellationToken ct) =>
                {
                    var deal = await sender.Send(command, ct);
                    return Results.Created($"/api/deals/{deal.Id}", deal);
                })
                .WithName(nameof(CreateDeal))
                .WithTags("Deals")
                .WithSummary("Create a deal (quick add on the board or the full form)")
                .Produces<DealResponse>(StatusCodes.Status201Created)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
