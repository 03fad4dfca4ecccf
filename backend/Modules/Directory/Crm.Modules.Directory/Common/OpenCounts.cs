using System.Data;
using Dapper;

namespace Crm.Modules.Directory.Common;

/// <summary>
/// The open deal and task counts of companies and contacts (directory.company_facts and
/// contact_facts), changed by increments: a fact moving from one record to another is −1 on the
/// first and +1 on the second. Rows are written in id order, so two transactions never deadlock.
/// </summary>
internal static class OpenCounts
{
    /// <summary>A change of an open deal or task: it was open on <paramref name="before"/> (or not open: null) and is now open on <paramref name="after"/>.</summary>
    public static Dictionary<Guid, int> Moves(Guid? before, Guid? after)
    {
        var deltas = new Dictionary<Guid, int>();
        if (before is { } from)
        {
            deltas[from] = -1;
        }
        if (after is { } to)
        {
            deltas[to] = deltas.GetValueOrDefault(to) + 1;
        }
        return deltas;
    }

    public static Task CompanyDealsAsync(IDbConnection conn, IReadOnlyDictionary<Guid, int> deltas) =>
        AddAsync(conn, deltas, """
            insert into directory.company_facts as f (company_id, open_deal_count)
            select u.id, u.delta from unnest(@Ids, @Deltas) as u(id, delta) order by u.id
            on conflict (company_id) do update set open_deal_count = f.open_deal_count + excluded.open_deal_count
            """);

    public static Task CompanyTasksAsync(IDbConnection conn, IReadOnlyDictionary<Guid, int> deltas) =>
        AddAsync(conn, deltas, """
            insert into directory.company_facts as f (company_id, open_task_count)
            select u.id, u.delta from unnest(@Ids, @Deltas) as u(id, delta) order by u.id
            on conflict (company_id) do update set open_task_count = f.open_task_count + excluded.open_task_count
            """);

    public static Task ContactTasksAsync(IDbConnection conn, IReadOnlyDictionary<Guid, int> deltas) =>
        AddAsync(conn, deltas, """
            insert into directory.contact_facts as f (contact_id, open_task_count)
            select u.id, u.delta from unnest(@Ids, @Deltas) as u(id, delta) order by u.id
            on conflict (contact_id) do update set open_task_count = f.open_task_count + excluded.open_task_count
            """);

    private static async Task AddAsync(IDbConnection conn, IReadOnlyDictionary<Guid, int> deltas, string sql)
    {
        var changes = deltas.Where(d => d.Value != 0).ToList();
        if (changes.Count > 0)
        {
            await conn.ExecuteAsync(sql, new { Ids = changes.Select(c => c.Key).ToArray(), Deltas = changes.Select(c => c.Value).ToArray() });
        }
    }
}
