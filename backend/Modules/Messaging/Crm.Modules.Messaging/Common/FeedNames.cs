using System.Data;
using System.Text.Json;
using Dapper;

namespace Crm.Modules.Messaging.Common;

/// <summary>
/// The names of everything a page of the feed refers to by id (users, stages, companies, contacts, deals),
/// from Messaging's own copies, as they are called now: every id among the entries' authors, mentions,
/// pinners and anywhere in their data. An id Messaging has no copy of is left out (the page shows it as unknown).
/// </summary>
internal static class FeedNames
{
    public static async Task<IReadOnlyDictionary<Guid, string>> OfAsync(IDbConnection conn, IEnumerable<FeedEntryResponse> entries, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        foreach (var entry in entries)
        {
            ids.UnionWith(new[] { entry.AuthorId, entry.PinnedBy }.OfType<Guid>());
            ids.UnionWith(entry.Mentions);
            Collect(entry.Data, ids);
        }
        if (ids.Count == 0)
        {
            return new Dictionary<Guid, string>();
        }
        var rows = await conn.QueryAsync<(Guid Id, string Name)>(new CommandDefinition(
            """
            select id, display_name from messaging.users where id = any(@ids)
            union all select id, name from messaging.stages where id = any(@ids)
            union all select id, name from messaging.companies where id = any(@ids)
            union all select id, full_name from messaging.contacts where id = any(@ids)
            union all select id, name from messaging.deals where id = any(@ids)
            """,
            new { ids = ids.ToArray() },
            cancellationToken: ct));
        return rows.DistinctBy(r => r.Id).ToDictionary(r => r.Id, r => r.Name);
    }

    private static void Collect(JsonElement element, HashSet<Guid> ids)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when element.TryGetGuid(out var id):
                ids.Add(id);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, ids);
                }
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, ids);
                }
                break;
        }
    }
}
