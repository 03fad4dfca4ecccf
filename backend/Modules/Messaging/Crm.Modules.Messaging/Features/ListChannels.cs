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
/// The caller's chat: every public channel, their private channels and direct conversations (named by the
/// other person), the latest active first, each with the caller's unread messages (others', after where the
/// caller stopped reading; counted up to 100) and the total for the chat icon. Where the caller stopped is one
/// row comparison (a never-read channel from the beginning of time), so it bounds the index scan: a channel read
/// to its end costs nothing however long its history.
/// </summary>
internal static class ListChannels
{
    public const int UnreadCap = 100;

    public sealed record Query : IQuery<Response>;

    public sealed record Channel(Guid Id, string Kind, string Name, Guid? UserId, DateTimeOffset? LastMessageAt, int Unread);

    public sealed record Response(IReadOnlyList<Channel> Items, int Unread);

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken ct)
        {
            var channels = (await (await db.ConnectionAsync(ct)).QueryAsync<Channel>(new CommandDefinition(
                $"""
                select c.id as Id, c.kind as Kind, coalesce(c.name, other.display_name, '') as Name, other.id as UserId,
                    c.last_message_at as LastMessageAt,
                    (select count(*)::int from (
                        select 1 from messaging.messages m
                        where m.channel_id = c.id and m.author_id <> @Me
                          and (m.created_at, m.id) > (coalesce(r.read_at, '-infinity'), coalesce(r.read_id, '00000000-0000-0000-0000-000000000000'))
                        limit {UnreadCap}) unread) as Unread
                from messaging.channels c
                left join messaging.channel_reads r on r.channel_id = c.id and r.user_id = @Me
                left join lateral (
                    select u.id, u.display_name from messaging.channel_members o join messaging.users u on u.id = o.user_id
                    where c.kind = 'direct' and o.channel_id = c.id and o.user_id <> @Me limit 1) other on true
                where c.kind = 'public' or exists (select 1 from messaging.channel_members mm where mm.channel_id = c.id and mm.user_id = @Me)
                order by c.last_message_at desc nulls last, c.created_at, c.id
                """,
                new { Me = currentUser.Id },
                cancellationToken: ct))).AsList();
            return new Response(channels, Math.Min(channels.Sum(c => c.Unread), UnreadCap));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/messaging/channels", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new Query(), ct)))
                .WithName(nameof(ListChannels))
                .WithTags("Messaging")
                .WithSummary("Your chat: channels and direct conversations with unread counts")
                .Produces<Response>();
    }
}
