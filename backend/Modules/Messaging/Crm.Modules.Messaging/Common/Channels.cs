using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Messaging.Common;

/// <summary>The kinds of chat channels.</summary>
internal static class ChannelKinds
{
    /// <summary>Everyone reads and writes (the seeded «Отдел продаж»).</summary>
    public const string Public = "public";

    /// <summary>Its members only: nobody else reads it, admins included.</summary>
    public const string Private = "private";

    /// <summary>Two users' conversation, one per pair.</summary>
    public const string Direct = "direct";
}

/// <summary>A row of messaging.channels.</summary>
internal sealed record ChannelRow(Guid Id, int Version, string Kind, string? Name, Guid? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? LastMessageAt)
{
    public const string Columns =
        "c.id as Id, c.version as Version, c.kind as Kind, c.name as Name, c.created_by as CreatedBy, c.created_at as CreatedAt, " +
        "c.last_message_at as LastMessageAt";
}

/// <summary>Reads channels for a user: who may read which, and to whom a channel's messages go.</summary>
internal static class Channels
{
    /// <summary>The seeded public channel «Отдел продаж».</summary>
    public static readonly Guid SalesDepartment = Guid.Parse("0193a000-0000-7000-8000-00000000c001");

    public static NotFoundException NotFound() => new(T.Pick("Канал не найден", "Channel not found"));

    /// <summary>The channel, when the user may read it: any public one; a private or direct one only as its member (403 otherwise).</summary>
    public static async Task<ChannelRow> GetReadableAsync(IDbConnection conn, Guid id, Guid userId, CancellationToken ct)
    {
        var channel = await conn.QuerySingleOrDefaultAsync<ChannelRow>(new CommandDefinition(
            $"select {ChannelRow.Columns} from messaging.channels c where c.id = @id", new { id }, cancellationToken: ct)) ?? throw NotFound();
        if (channel.Kind != ChannelKinds.Public && !await IsMemberAsync(conn, id, userId, ct))
        {
            throw new ForbiddenException(T.Pick(
                "Это закрытый разговор: читают и пишут только его участники", "This is a closed conversation: only its members read and write it"));
        }
        return channel;
    }

    /// <summary>Who a channel's messages go to: every active user for a public one, else its members.</summary>
    public static async Task<IReadOnlyList<Guid>> AudienceAsync(IDbConnection conn, ChannelRow channel, CancellationToken ct) =>
        (await conn.QueryAsync<Guid>(new CommandDefinition(
            channel.Kind == ChannelKinds.Public
                ? "select id from messaging.users where active"
                : "select user_id from messaging.channel_members where channel_id = @Id",
            new { channel.Id },
            cancellationToken: ct))).AsList();

    private static Task<bool> IsMemberAsync(IDbConnection conn, Guid channelId, Guid userId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from messaging.channel_members where channel_id = @channelId and user_id = @userId)",
            new { channelId, userId },
            cancellationToken: ct));
}
