using System.Data;
using System.Text.RegularExpressions;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Messaging.Common;

/// <summary>A row of messaging.messages.</summary>
internal sealed record ChatMessageRow(Guid Id, int Version, Guid ChannelId, Guid AuthorId, string Text, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt)
{
    public const string Columns =
        "m.id as Id, m.version as Version, m.channel_id as ChannelId, m.author_id as AuthorId, m.text as Text, m.created_at as CreatedAt, " +
        "m.edited_at as EditedAt";
}

/// <summary>
/// Chat messages: read to change (the author's own only), and the deals they link to: a link to a deal's
/// card in the text (…/deals/{id}) is named by the deal's name, so the message shows it and opens it.
/// </summary>
internal static partial class ChatMessages
{
    public static NotFoundException NotFound() => new(T.Pick("Сообщение не найдено", "Message not found"));

    public static async Task<ChatMessageRow> GetOwnForUpdateAsync(IDbConnection conn, Guid id, Guid userId, CancellationToken ct)
    {
        var message = await conn.QuerySingleOrDefaultAsync<ChatMessageRow>(new CommandDefinition(
            $"select {ChatMessageRow.Columns} from messaging.messages m where m.id = @id for update", new { id }, cancellationToken: ct))
            ?? throw NotFound();
        if (message.AuthorId != userId)
        {
            throw new ForbiddenException(T.Pick("Менять и удалять можно только свои сообщения", "You can change and delete only your own messages"));
        }
        return message;
    }

    /// <summary>The deals the texts link to, by id, with their names (a deal Messaging does not know is left out).</summary>
    public static async Task<IReadOnlyDictionary<Guid, string>> LinkedDealsAsync(IDbConnection conn, IEnumerable<string> texts, CancellationToken ct)
    {
        var ids = texts.SelectMany(t => DealLink().Matches(t).Select(m => Guid.Parse(m.Groups[1].Value))).Distinct().ToArray();
        if (ids.Length == 0)
        {
            return new Dictionary<Guid, string>();
        }
        var rows = await conn.QueryAsync<(Guid Id, string Name)>(new CommandDefinition(
            "select id, name from messaging.deals where id = any(@ids)", new { ids }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Id, r => r.Name);
    }

    [GeneratedRegex(@"/deals/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})")]
    private static partial Regex DealLink();
}

/// <summary>A chat message as the API shows it; <see cref="Text"/> is plain text, never HTML.</summary>
internal sealed record ChatMessageResponse(Guid Id, int Version, Guid ChannelId, Guid AuthorId, string Text, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt)
{
    public static ChatMessageResponse Of(ChatMessageRow m) => new(m.Id, m.Version, m.ChannelId, m.AuthorId, m.Text, m.CreatedAt, m.EditedAt);
}
