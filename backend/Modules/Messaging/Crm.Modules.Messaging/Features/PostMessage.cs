using Carter;
using Crm.BuildingBlocks.Data;
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
/// A user writes in a channel they may read: plain text. It reaches every open tab of everyone the channel
/// concerns at once; it counts as unread for all but its author (whose place in the channel moves to it);
/// in a direct conversation or a private channel the others also get a notification.
/// </summary>
internal static class PostMessage
{
    public sealed record Body(string? Text);

    public sealed record Command(Guid ChannelId, string? Text) : ICommand<ChatMessageResponse>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Text).ValidText();
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, LiveChat live, Notifications notifications, TimeProvider clock)
        : ICommandHandler<Command, ChatMessageResponse>
    {
        public async ValueTask<ChatMessageResponse> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var channel = await Channels.GetReadableAsync(conn, command.ChannelId, currentUser.Id, ct);
            var values = new { Id = Guid.CreateVersion7(), command.ChannelId, Me = currentUser.Id, Text = FeedTexts.Clean(command.Text!), Now = clock.GetUtcNow() };
            var row = await conn.QuerySingleAsync<ChatMessageRow>(new CommandDefinition(
                $"""
                insert into messaging.messages as m (id, channel_id, author_id, text, created_at) values (@Id, @ChannelId, @Me, @Text, @Now)
                returning {ChatMessageRow.Columns}
                """,
                values,
                cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(
                """
                update messaging.channels set last_message_at = @Now where id = @ChannelId;
                insert into messaging.channel_reads (channel_id, user_id, read_at, read_id) values (@ChannelId, @Me, @Now, @Id)
                on conflict (user_id, channel_id) do update set read_at = excluded.read_at, read_id = excluded.read_id;
                """,
                values,
                cancellationToken: ct));
            var message = ChatMessageResponse.Of(row);
            var audience = await Channels.AudienceAsync(conn, channel, ct);
            live.Send(audience, "chatMessage", new LiveChat.MessagePushed(channel.Id, message, await ChatMessages.LinkedDealsAsync(conn, [row.Text], ct)));
            if (channel.Kind != ChannelKinds.Public)
            {
                var author = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(
                    "select display_name from messaging.users where id = @Me", new { Me = currentUser.Id }, cancellationToken: ct));
                var excerpt = row.Text.Length > 300 ? row.Text[..300] + "…" : row.Text;
                await notifications.AddManyAsync(audience.Where(u => u != currentUser.Id).ToList(), NotificationKinds.ChatMessage, $"chatMessage:{row.Id}",
                    "channel", channel.Id,
                    new { channelName = channel.Name, channelKind = channel.Kind, authorId = currentUser.Id, authorName = author, text = excerpt }, ct);
            }
            return message;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/messaging/channels/{id:guid}/messages", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                {
                    var message = await sender.Send(new Command(id, body.Text), ct);
                    return Results.Created($"/api/messaging/messages/{message.Id}", message);
                })
                .WithName(nameof(PostMessage))
                .WithTags("Messaging")
                .WithSummary("Write in a channel or a direct conversation")
                .Produces<ChatMessageResponse>(StatusCodes.Status201Created)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
