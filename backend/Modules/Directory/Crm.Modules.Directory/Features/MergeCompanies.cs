using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Contracts;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// The admin merges a duplicate company into the one that stays: the survivor keeps its fields,
/// takes the duplicate's where its own are empty, the phones and e-mails it lacks and its tags (after
/// its own, up to the limit of 20); the duplicate's contacts move to the survivor (each with a
/// ContactUpdated) and the duplicate is deleted. Deals and the rest follow through CompanyMerged, which carries both companies' states.
/// </summary>
internal static class MergeCompanies
{
    public sealed record Body(Guid? MergeId);

    public sealed record Command(Guid Id, Guid? MergeId) : ICommand<CompanyResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.MergeId).NotEmpty().WithMessage(_ => T.Pick("Выберите компанию для объединения", "Choose the company to merge"));
            RuleFor(c => c.MergeId).Must((c, mergeId) => mergeId != c.Id)
                .WithMessage(_ => T.Pick("Нельзя объединить компанию с самой собой", "A company cannot be merged into itself"));
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, TimeProvider clock)
        : ICommandHandler<Command, CompanyResponse>
    {
        public async ValueTask<CompanyResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var mergeId = command.MergeId!.Value;
            // The merged company's open deals move here at once (Deals' DealUpdated of each, which comes
            // later, finds its fact already on the survivor and changes nothing); its tasks move with the TaskUpdated events Tasks sends for each. The deal facts and
            // both companies' counts are locked before the companies, the order every deal and task
            // event takes (OpenCounts), so a merge and an event never wait for each other in a circle.
            // Nothing moves if the checks below fail: the transaction rolls back.
            var openDeals = await conn.ExecuteScalarAsync<int>(
                """
                with moved as (
                    update directory.deal_facts set company_id = @SurvivorId where company_id = @MergedId
                    returning open and not deleted as open
                )
                select count(*) filter (where open)::int from moved
                """,
                new { SurvivorId = command.Id, MergedId = mergeId });
            await OpenCounts.LockCompaniesAsync(conn, [command.Id, mergeId]);
            // Both rows, always in the same order, so two merges of the same pair cannot deadlock.
            await conn.ExecuteAsync(
                "select id from directory.companies where id = any(@Ids) order by id for update",
                new { Ids = new[] { command.Id, mergeId } });
            var survivor = await Companies.LoadForChangeAsync(conn, command.Id, null, currentUser);
            var merged = await conn.QuerySingleOrDefaultAsync<CompanyRow>(
                $"select {CompanyRow.Columns} from directory.companies where id = @mergeId and deleted_at is null", new { mergeId })
                ?? throw new FieldValidationException("mergeId", T.Pick("Такой компании нет или она удалена", "There is no such company, or it has been deleted"));

            var channels = await Channels.ReadAsync(conn, Owner.Company, [survivor.Id, merged.Id]);
            var fields = new CompanyFields(
                survivor.Name,
                survivor.Website ?? merged.Website,
                survivor.Address ?? merged.Address,
                survivor.Region ?? merged.Region,
                survivor.TaxId ?? merged.TaxId,
                survivor.Notes ?? merged.Notes,
                CustomValues.FillMissing(survivor.Custom, merged.Custom),
                Channels.Union(channels[survivor.Id], channels[merged.Id]));
            var now = clock.GetUtcNow();
            var me = currentUser.Id;
            await conn.ExecuteAsync(
                """
                update directory.companies
                set deleted_at = @now, deleted_by = @me, merged_into = @SurvivorId, updated_by = @me, updated_at = @now, version = version + 1
                where id = @MergedId
                """,
                new { now, me, SurvivorId = survivor.Id, MergedId = merged.Id });
            await Companies.UpdateAsync(conn, survivor.Id, fields, survivor.ResponsibleId, me, now);
            await RecordTags.MergeAsync(conn, Entities.Company, survivor.Id, merged.Id);
            var moved = (await conn.QueryAsync<Guid>(
                """
                update directory.contacts
                set company_id = @SurvivorId, updated_by = @me, updated_at = @now, version = version + 1
                where company_id = @MergedId
                returning id
                """,
                new { now, me, SurvivorId = survivor.Id, MergedId = merged.Id })).AsList();
            await OpenCounts.CompanyDealsAsync(conn, new Dictionary<Guid, int> { [merged.Id] = -openDeals, [survivor.Id] = openDeals });
            await events.PublishAsync(new CompanyMerged(
                await RecordStates.CompanyAsync(conn, merged.Id), await RecordStates.CompanyAsync(conn, survivor.Id), me), ct);
            foreach (var contact in await RecordStates.ContactsAsync(conn, moved))
            {
                await events.PublishAsync(new ContactUpdated(contact, me), ct);
            }
            return (await Companies.ReadAsync(conn, survivor.Id))!;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/directory/companies/{id:guid}/merge", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.MergeId), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(MergeCompanies))
                .WithTags("Directory")
                .WithSummary("Merge a duplicate company into this one (admin)")
                .Produces<CompanyResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
