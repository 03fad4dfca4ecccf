using System.Data;
using Dapper;

namespace Crm.Modules.Directory.Common;

/// <summary>
/// The open deal and task counts of companies and contacts (directory.company_facts and
/// contact_facts), changed by increments: a fact moving from one record to another is −1 on the
/// first and +1 on the second. Rows are written in id order, so two transactions never deadlock.
/// Each change then sets the records' <c>idle</c> flag (nothing open) from the counts, in a second
/// statement: it runs once the counts' row locks are held, so it reads the counts as they are now
/// and sees a record committed while this transaction waited for those locks. Every writer locks
/// in the same order: the deal or task fact, then the counts, then the record (see MergeCompanies).
/// A missing counts row means nothing open, so rows at zero may be deleted (FactsCleanupJob).
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
        AddAsync(conn, deltas, CompanyIdle, """
            insert into directory.company_facts as f (company_id, open_deal_count)
            select u.id, u.delta from unnest(@Ids, @Deltas) as u(id, delta) order by u.id
            on conflict (company_id) do update set open_deal_count = f.open_deal_count + excluded.open_deal_count
            """);

    public static Task CompanyTasksAsync(IDbConnection conn, IReadOnlyDictionary<Guid, int> deltas) =>
        AddAsync(conn, deltas, CompanyIdle, """
            insert into directory.company_facts as f (company_id, open_task_count)
            select u.id, u.delta from unnest(@Ids, @Deltas) as u(id, delta) order by u.id
            on conflict (company_id) do update set open_task_count = f.open_task_count + excluded.open_task_count
            """);

    public static Task ContactTasksAsync(IDbConnection conn, IReadOnlyDictionary<Guid, int> deltas) =>
        AddAsync(conn, deltas, ContactIdle, """
            insert into directory.contact_facts as f (contact_id, open_task_count)
            select u.id, u.delta from unnest(@Ids, @Deltas) as u(id, delta) order by u.id
            on conflict (contact_id) do update set open_task_count = f.open_task_count + excluded.open_task_count
            """);

    /// <summary>
    /// Locks the counts rows of companies about to be created or merged, in id order (inserting them
    /// at zero when missing), so a deal or task event changing their counts meanwhile waits for this
    /// transaction, or this one for it. Returns whether each has nothing open.
    /// </summary>
    public static async Task<Dictionary<Guid, bool>> LockCompaniesAsync(IDbConnection conn, IReadOnlyCollection<Guid> ids)
    {
        await conn.ExecuteAsync(
            """
            insert into directory.company_facts (company_id) select id from unnest(@ids) as u(id) order by id
            on conflict (company_id) do nothing
            """,
            new { ids = ids.ToArray() });
        var rows = await conn.QueryAsync<(Guid Id, bool Idle)>(
            """
            select company_id, open_deal_count = 0 and open_task_count = 0 from directory.company_facts
            where company_id = any(@ids) order by company_id for update
            """,
            new { ids = ids.ToArray() });
        return rows.ToDictionary(r => r.Id, r => r.Idle);
    }

    private const string CompanyIdle = """
        update directory.companies c set idle = (f.open_deal_count = 0 and f.open_task_count = 0)
        from directory.company_facts f
        where f.company_id = c.id and c.id = any(@Ids) and c.idle <> (f.open_deal_count = 0 and f.open_task_count = 0)
        """;

    private const string ContactIdle = """
        update directory.contacts c set idle = (f.open_task_count = 0)
        from directory.contact_facts f
        where f.contact_id = c.id and c.id = any(@Ids) and c.idle <> (f.open_task_count = 0)
        """;

    private static async Task AddAsync(IDbConnection conn, IReadOnlyDictionary<Guid, int> deltas, string idleSql, string sql)
    {
        var changes = deltas.Where(d => d.Value != 0).ToList();
        if (changes.Count > 0)
        {
            var ids = changes.Select(c => c.Key).ToArray();
            await conn.ExecuteAsync(sql, new { Ids = ids, Deltas = changes.Select(c => c.Value).ToArray() });
            await conn.ExecuteAsync(idleSql, new { Ids = ids });
        }
    }
}
