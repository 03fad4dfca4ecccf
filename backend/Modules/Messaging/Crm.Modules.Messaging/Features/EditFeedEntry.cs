using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Messaging.Common;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// The author corrects their note or message (marked edited). Whom a message names stays as it was: the
/// colleagues were notified of it. A stale version is refused (409).
/// </summary>
internal static class EditFeedEntry
{
    public sealed record Body(string? Text, int? Version);

    public sealed record Command(Guid Id, string? Text, int? Version) : ICommand<FeedEntryResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Text).ValidText();
            RuleFor(c => c.Version).NotNull().WithMessage(_ => T.Pick("Не указана версия", "The version is missing"));
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, LiveFeed live, TimeProvider clock) : ICommandHandler<Command, FeedEntryResponse>
    {
        public async ValueTask<FeedEntryResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var entry = await FeedEntries.GetForUpdateAsync(conn, command.Id, ct);
            FeedEntries.EnsureOwn(entry, currentUser.Id);
            if (entry.Version != command.Version)
            {
                throw new ConcurrencyConflictException(T.Pick(
                    "Запись уже изменена в другой вкладке. Обновите и повторите.", "The entry was changed elsewhere. Reload and try again."));
            }
            var row = await conn.QuerySingleAsync<FeedEntryRow>(new CommandDefinition(
                $"""
                update messaging.feed_entries as e set text = @Text, edited_at = @Now, version = e.version + 1
                where e.id = @Id
                returning {FeedEntryRow.Columns}
                """,
                new { command.Id, Text = FeedTexts.Clean(command.Text!), Now = clock.GetUtcNow() },
                cancellationToken: ct));
            live.Changed(row.SubjectKind, row.SubjectId);
            return row.ToResponse();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/messaging/feed/entries/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.Text, body.Version), ct)))
                .WithName(nameof(EditFeedEntry))
                .WithTags("Messaging")
                .WithSummary("Correct your own note or message")
                .Produces<FeedEntryResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
