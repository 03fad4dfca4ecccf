using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Messaging.Common;

/// <summary>
/// The cards a feed belongs to, as Messaging knows them from their modules' events: a deal, company or
/// contact written in must exist (one created a moment ago is waited for: read-your-writes).
/// </summary>
internal static class FeedSubjects
{
    public static NotFoundException NotFound() => new(T.Pick("Карточка не найдена", "Card not found"));

    /// <summary>Refuses (404) a card Messaging does not know even after catching up with its events.</summary>
    public static async Task EnsureAsync(IDbConnection conn, EventCatchUp catchUp, string kind, Guid id, CancellationToken ct)
    {
        if (await ExistsAsync(conn, kind, id, ct))
        {
            return;
        }
        await catchUp.WaitAsync(MessagingModule.ModuleName, id, ct);
        if (!await ExistsAsync(conn, kind, id, ct))
        {
            throw NotFound();
        }
    }

    /// <summary>The card's name as Messaging knows it (a deal's name, a company's, a contact's full name), or null.</summary>
    public static Task<string?> NameAsync(IDbConnection conn, string kind, Guid id, CancellationToken ct)
    {
        var (table, name) = Table(kind);
        return conn.ExecuteScalarAsync<string?>(new CommandDefinition($"select {name} from {table} where id = @id", new { id }, cancellationToken: ct));
    }

    private static Task<bool> ExistsAsync(IDbConnection conn, string kind, Guid id, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition($"select exists (select 1 from {Table(kind).Table} where id = @id)", new { id }, cancellationToken: ct));

    private static (string Table, string Name) Table(string kind) => kind switch
    {
        FeedKinds.Deal => ("messaging.deals", "name"),
        FeedKinds.Company => ("messaging.companies", "name"),
        FeedKinds.Contact => ("messaging.contacts", "full_name"),
        _ => throw NotFound(),
    };
}
