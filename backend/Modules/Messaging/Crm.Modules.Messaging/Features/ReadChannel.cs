using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Messaging.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// The caller has read a channel up to its latest message: its unread count is 0 again, in every open tab
/// of theirs (<c>chatRead</c>). Answers the channels with their counts, as the chat list has them.
/// </summary>
internal static class ReadChannel
{
    public sealed record Command(Guid ChannelId) : ICommand<ListChannels.Response>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, LiveChat live, ISender sender) : ICommandHandler<Command, ListChannels.Response>
    {
        public async ValueTask<ListChannels.Response> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await Channels.GetReadableAsync(conn, command.ChannelId, currentUser.Id, ct);
            await conn.ExecuteAsync(new CommandDefinition(
                """
                insert into messaging.channel_reads (channel_id, user_id, read_at, read_id)
                select m.channel_id, @Me, m.created_at, m.id from messaging.messages m
                where m.channel_id = @ChannelId order by m.created_at desc, m.id desc limit 1
                on conflict (user_id, channel_id) do update set read_at = excluded.read_at, read_id = excluded.read_id
                where (messaging.channel_reads.read_at, messaging.channel_reads.read_id) < (excluded.read_at, excluded.read_id)
                """,
                new { command.ChannelId, Me = currentUser.Id },
                cancellationToken: ct));
            live.Send([currentUser.Id], "chatRead", new LiveChat.ChannelRead(command.ChannelId));
            return await sender.Send(new ListChannels.Query(), ct);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/messaging/channels/{id:guid}/read", async (Guid id, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(id), ct)))
                .WithName(nameof(ReadChannel))
                .WithTags("Messaging")
                .WithSummary("Mark a channel read up to its latest message")
                .Produces<ListChannels.Response>()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
