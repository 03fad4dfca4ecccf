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
/// The admin merges a duplicate contact into the one that stays: the survivor keeps its fields,
/// takes the duplicate's where its own are empty (position, company, custom values) and the
/// phones, e-mails and messengers it lacks, and its tags (after its own, up to the limit of 20); the duplicate is deleted. Deals and the rest follow
/// through ContactMerged, which carries both contacts' states.
/// </summary>
internal static class MergeContacts
{
    public sealed record Body(Guid? MergeId);

    public sealed record Command(Guid Id, Guid? MergeId) : ICommand<ContactResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.MergeId).NotEmpty().WithMessage(_ => T.Pick("Выберите контакт для объединения", "Choose the contact to merge"));
            RuleFor(c => c.MergeId).Must((c, mergeId) => mergeId != c.Id)
                .WithMessage(_ => T.Pick("Нельзя объединить контакт с самим собой", "A contact cannot be merged into itself"));
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, TimeProvider clock)
        : ICommandHandler<Command, ContactResponse>
    {
        public async ValueTask<ContactResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var mergeId = command.MergeId!.Value;
            await conn.ExecuteAsync(
                "select id from directory.contacts where id = any(@Ids) order by id for update",
                new { Ids = new[] { command.Id, mergeId } });
            var survivor = await Contacts.LoadForChangeAsync(conn, command.Id, null, currentUser);
            var merged = await conn.QuerySingleOrDefaultAsync<ContactRow>(
                $"select {ContactRow.Columns} from directory.contacts where id = @mergeId and deleted_at is null", new { mergeId })
                ?? throw new FieldValidationException("mergeId", T.Pick("Такого контакта нет или он удалён", "There is no such contact, or it has been deleted"));

            var channels = await Channels.ReadAsync(conn, Owner.Contact, [survivor.Id, merged.Id]);
            // A contact's company is live (deleting a company unlinks its contacts).
            var fields = new ContactFields(
                survivor.FullName,
                survivor.Position ?? merged.Position,
                survivor.CompanyId ?? merged.CompanyId,
                CustomValues.FillMissing(survivor.Custom, merged.Custom),
                Channels.Union(channels[survivor.Id], channels[merged.Id]));
            var now = clock.GetUtcNow();
            var me = currentUser.Id;
            await conn.ExecuteAsync(
                """
                update directory.contacts
                set deleted_at = @now, deleted_by = @me, merged_into = @SurvivorId, updated_by = @me, updated_at = @now, version = version + 1
                where id = @MergedId
                """,
                new { now, me, SurvivorId = survivor.Id, MergedId = merged.Id });
            await Contacts.UpdateAsync(conn, survivor.Id, fields, survivor.ResponsibleId, me, now);
            await RecordTags.MergeAsync(conn, Entities.Contact, survivor.Id, merged.Id);
            await events.PublishAsync(new ContactMerged(
                await RecordStates.ContactAsync(conn, merged.Id), await RecordStates.ContactAsync(conn, survivor.Id), me), ct);
            return (await Contacts.ReadAsync(conn, survivor.Id))!;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/directory/contacts/{id:guid}/merge", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.MergeId), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(MergeContacts))
                .WithTags("Directory")
                .WithSummary("Merge a duplicate contact into this one (admin)")
                .Produces<ContactResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
