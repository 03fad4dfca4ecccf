using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
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
/// A user writes in a card's feed: a note («Примечание», for everyone who opens the card), or a message to
/// colleagues named with @ (each mentioned colleague is notified with a link to the card). Plain text:
/// line breaks kept, nothing run as markup. The colleagues named must be active users.
/// </summary>
internal static class PostFeedEntry
{
    public sealed record Body(string? Type, string? Text, IReadOnlyList<Guid>? Mentions);

    public sealed record Command(string Kind, Guid Id, string? Type, string? Text, IReadOnlyList<Guid>? Mentions) : ICommand<FeedEntryResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Type).Must(t => t is FeedKinds.Note or FeedKinds.Message)
                .WithMessage(_ => T.Pick("Тип: note (примечание) или message (сообщение коллегам)", "The type is note or message"));
            RuleFor(c => c.Text).ValidText();
            RuleFor(c => c.Mentions).Must(m => m is null || m.Count <= FeedTexts.MaxMentions)
                .WithMessage(_ => T.Pick($"Не больше {FeedTexts.MaxMentions} коллег", $"At most {FeedTexts.MaxMentions} colleagues"));
            RuleFor(c => c.Mentions).Must(m => m is { Count: > 0 })
                .WithMessage(_ => T.Pick("Выберите, кому сообщение (@)", "Choose whom the message is for (@)"))
                .When(c => c.Type == FeedKinds.Message);
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, EventCatchUp catchUp, FeedMentions mentions, LiveFeed live, TimeProvider clock)
        : ICommandHandler<Command, FeedEntryResponse>
    {
        public async ValueTask<FeedEntryResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await FeedSubjects.EnsureAsync(conn, catchUp, command.Kind, command.Id, ct);
            var named = await mentions.CheckAsync(command.Mentions, ct);
            var row = await conn.QuerySingleAsync<FeedEntryRow>(new CommandDefinition(
                $"""
                insert into messaging.feed_entries as e (id, subject_kind, subject_id, kind, type, author_id, text, mentions, occurred_at)
                values (@Id, @Kind, @Subject, @Type, @Type, @Author, @Text, @Mentions, @Now)
                returning {FeedEntryRow.Columns}
                """,
                new
                {
                    Id = Guid.CreateVersion7(),
                    command.Kind,
                    Subject = command.Id,
                    command.Type,
                    Author = currentUser.Id,
                    Text = FeedTexts.Clean(command.Text!),
                    Mentions = named,
                    Now = clock.GetUtcNow(),
                },
                cancellationToken: ct));
            await mentions.NotifyAsync(row, named.Except([currentUser.Id]), ct);
            live.Changed(command.Kind, command.Id);
            return row.ToResponse();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/messaging/feed/{kind}/{id:guid}", async (string kind, Guid id, Body body, ISender sender, CancellationToken ct) =>
                {
                    var entry = await sender.Send(new Command(kind, id, body.Type, body.Text, body.Mentions), ct);
                    return Results.Created($"/api/messaging/feed/entries/{entry.Id}", entry);
                })
                .WithName(nameof(PostFeedEntry))
                .WithTags("Messaging")
                .WithSummary("Write a note, or a message to colleagues named with @, in a card's feed")
                .Produces<FeedEntryResponse>(StatusCodes.Status201Created)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
