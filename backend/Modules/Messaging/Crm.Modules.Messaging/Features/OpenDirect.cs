using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Messaging.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// A user opens their direct conversation with a colleague: the one the pair already has, or a new one
/// (one per pair, however many open it at once).
/// </summary>
internal static class OpenDirect
{
    public sealed record Command(Guid UserId) : ICommand<ListChannels.Channel>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, EventCatchUp catchUp, TimeProvider clock) : ICommandHandler<Command, ListChannels.Channel>
    {
        public async ValueTask<ListChannels.Channel> Handle(Command command, CancellationToken ct)
        {
            if (command.UserId == currentUser.Id)
            {
                throw new FieldValidationException("userId", T.Pick("Разговор — с коллегой, не с собой", "A conversation is with a colleague, not yourself"));
            }
            var conn = await db.ConnectionAsync(ct);
            var name = await NameAsync(conn, command.UserId, ct);
            if (name is null)
            {
                await catchUp.WaitAsync(MessagingModule.ModuleName, command.UserId, ct);
                name = await NameAsync(conn, command.UserId, ct)
                    ?? throw new FieldValidationException("userId", T.Pick("Нет такого активного пользователя", "No such active user"));
            }
            var pair = new[] { currentUser.Id, command.UserId }.Order().ToArray();
            var key = $"{pair[0]:N}:{pair[1]:N}";
            var now = clock.GetUtcNow();
            var id = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                """
                insert into messaging.channels (id, kind, direct_key, created_by, created_at) values (@Id, 'direct', @key, @Me, @now)
                on conflict (direct_key) where direct_key is not null do nothing
                returning id
                """,
                new { Id = Guid.CreateVersion7(), key, Me = currentUser.Id, now },
                cancellationToken: ct));
            if (id is { } created)
            {
                await conn.ExecuteAsync(new CommandDefinition(
                    "insert into messaging.channel_members (channel_id, user_id, joined_at) select @created, unnest(@pair), @now",
                    new { created, pair, now },
                    cancellationToken: ct));
            }
            var channel = await conn.QuerySingleAsync<(Guid Id, DateTimeOffset? LastMessageAt)>(new CommandDefinition(
                "select id, last_message_at from messaging.channels where direct_key = @key", new { key }, cancellationToken: ct));
            return new ListChannels.Channel(channel.Id, ChannelKinds.Direct, name, command.UserId, channel.LastMessageAt, 0);
        }

        private static Task<string?> NameAsync(System.Data.IDbConnection conn, Guid userId, CancellationToken ct) =>
            conn.ExecuteScalarAsync<string?>(new CommandDefinition(
                "select display_name from messaging.users where id = @userId and active", new { userId }, cancellationToken: ct));
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/messaging/direct/{userId:guid}", async (Guid userId, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(userId), ct)))
                .WithName(nameof(OpenDirect))
                .WithTags("Messaging")
                .WithSummary("Open (or get) your direct conversation with a colleague")
                .Produces<ListChannels.Channel>()
                .ProducesValidationProblem();
    }
}
