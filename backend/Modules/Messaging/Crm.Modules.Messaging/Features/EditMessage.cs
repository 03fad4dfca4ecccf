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

/// <summary>The author corrects their chat message (marked edited); everyone in the channel sees the change at once. A stale version is 409.</summary>
internal static class EditMessage
{
    public sealed record Body(string? Text, int? Version);

    public sealed record Command(Guid Id, string? Text, int? Version) : ICommand<ChatMessageResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Text).ValidText();
            RuleFor(c => c.Version).NotNull().WithMessage(_ => T.Pick("Не указана версия", "The version is missing"));
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, LiveChat live, TimeProvider clock) : ICommandHandler<Command, ChatMessageResponse>
    {
        public async ValueTask<ChatMessageResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var message = await ChatMessages.GetOwnForUpdateAsync(conn, command.Id, currentUser.Id, ct);
            var channel = await Channels.GetReadableAsync(conn, message.ChannelId, currentUser.Id, ct);
            if (message.Version != command.Version)
            {
                throw new ConcurrencyConflictException(T.Pick(
                    "Сообщение уже изменено в другой вкладке. Обновите и повторите.", "The message was changed elsewhere. Reload and try again."));
            }
            var row = await conn.QuerySingleAsync<ChatMessageRow>(new CommandDefinition(
                $"""
                update messaging.messages as m set text = @Text, edited_at = @Now, version = m.version + 1 where m.id = @Id
                returning {ChatMessageRow.Columns}
                """,
                new { command.Id, Text = FeedTexts.Clean(command.Text!), Now = clock.GetUtcNow() },
                cancellationToken: ct));
            var edited = ChatMessageResponse.Of(row);
            live.Send(await Channels.AudienceAsync(conn, channel, ct), "chatMessageChanged",
                new LiveChat.MessagePushed(channel.Id, edited, await ChatMessages.LinkedDealsAsync(conn, [row.Text], ct)));
            return edited;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/messaging/messages/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id, body.Text, body.Version), ct)))
                .WithName(nameof(EditMessage))
                .WithTags("Messaging")
                .WithSummary("Correct your own chat message")
                .Produces<ChatMessageResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
