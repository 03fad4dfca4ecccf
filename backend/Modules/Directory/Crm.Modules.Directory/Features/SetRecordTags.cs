using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Contracts;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// A user sets a company's or a contact's tags from its card (the whole set, in order). The rights are a
/// change's (a manager tags only the records they are responsible for); a version, when given, must be the
/// record's (409). A change raises the version and publishes CompanyUpdated / ContactUpdated with the tags;
/// the same set again changes nothing.
/// </summary>
internal static class SetRecordTags
{
    public sealed record Body(IReadOnlyList<Guid>? TagIds, int? Version);

    /// <param name="Entity">company or contact (<see cref="Entities"/>).</param>
    public sealed record Command(string Entity, Guid Id, IReadOnlyList<Guid>? TagIds, int? Version) : ICommand<Tags.RecordTags>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, TimeProvider clock)
        : ICommandHandler<Command, Tags.RecordTags>
    {
        public async ValueTask<Tags.RecordTags> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var company = command.Entity == Entities.Company;
            var version = company
                ? (await Companies.LoadForChangeAsync(conn, command.Id, command.Version, currentUser)).Version
                : (await Contacts.LoadForChangeAsync(conn, command.Id, command.Version, currentUser)).Version;
            var table = RecordTags.TableOf(command.Entity);
            var current = await conn.QuerySingleAsync<Guid[]>($"select tag_ids from {table} where id = @Id", new { command.Id });
            var wanted = await RecordTags.CheckAsync(conn, command.Entity, command.TagIds);
            if (!wanted.SequenceEqual(current))
            {
                version = await conn.ExecuteScalarAsync<int>(
                    $"""
                    update {table} set tag_ids = @TagIds, updated_by = @User, updated_at = @Now, version = version + 1
                    where id = @Id
                    returning version
                    """,
                    new { command.Id, TagIds = wanted, User = currentUser.Id, Now = clock.GetUtcNow() });
                if (company)
                {
                    await events.PublishAsync(new CompanyUpdated(await RecordStates.CompanyAsync(conn, command.Id), currentUser.Id), ct);
                }
                else
                {
                    await events.PublishAsync(new ContactUpdated(await RecordStates.ContactAsync(conn, command.Id), currentUser.Id), ct);
                }
            }
            return new Tags.RecordTags(command.Id, version, await RecordTags.OfAsync(conn, command.Entity, command.Id));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPut("/api/directory/companies/{id:guid}/tags", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(Entities.Company, id, body.TagIds, body.Version), ct)))
                .WithName("SetCompanyTags")
                .WithTags("Directory")
                .WithSummary("Set a company's tags (the whole set, in order)")
                .Produces<Tags.RecordTags>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
            app.MapPut("/api/directory/contacts/{id:guid}/tags", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(Entities.Contact, id, body.TagIds, body.Version), ct)))
                .WithName("SetContactTags")
                .WithTags("Directory")
                .WithSummary("Set a contact's tags (the whole set, in order)")
                .Produces<Tags.RecordTags>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
        }
    }
}
