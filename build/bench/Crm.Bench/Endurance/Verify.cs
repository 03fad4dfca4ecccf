using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Crm.Bench.Endurance;

/// <summary>
/// The bus once it has nothing left to deliver: how long that took, the deliveries given up (dead), and the
/// deadlocks PostgreSQL counted in the run's database (pg_stat_database; a deadlock between two handlers' batches
/// costs a second and a rerun but no error anyone sees, so only this tells of it).
/// </summary>
public sealed record BusState(long Pending, long Dead, long FailedOnce, double DrainSeconds, long Deadlocks)
{
    public bool Ok => Pending == 0 && Dead == 0 && Deadlocks == 0;
}

/// <summary>
/// The deals against what the clients were told, and every subscriber's copy against Deals. All counts must be 0
/// but <see cref="CommittedWithoutAnswer"/> (a create that committed while its answer was lost to the kill: not a
/// fault, the client was never told either way).
/// </summary>
public sealed record DealCheck(
    long Acknowledged, long Lost, long Duplicates, long CommittedWithoutAnswer, long MovesAcknowledged, long StageMismatches,
    long OccupancyOff, long StageTotalsOff, long PipelinesFactsOff, long TasksCopyOff, long DirectoryFactsOff, long CopiesWithoutDeal,
    string[] Examples)
{
    public long Mismatches => StageMismatches + OccupancyOff + StageTotalsOff + PipelinesFactsOff + TasksCopyOff + DirectoryFactsOff + CopiesWithoutDeal;

    public bool Ok => Lost == 0 && Duplicates == 0 && Mismatches == 0;
}

internal static class Verify
{
    /// <summary>
    /// Waits for the sentinel "no delivery left but dead ones" in bus.deliveries (a delivered row is deleted in
    /// its handler's transaction; bus.failures is the view of those that failed at least once), at most
    /// <paramref name="deadline"/>. Every event of a committed command has its deliveries written in the
    /// command's own transaction, so nothing can still be on its way once this holds and no client is calling.
    /// </summary>
    public static async Task<BusState> WaitForBusAsync(NpgsqlDataSource db, TimeSpan deadline, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            var (pending, dead, failed, deadlocks) = await conn.QuerySingleAsync<(long, long, long, long)>(
                """
                select count(*) filter (where not dead), count(*) filter (where dead),
                       (select count(*) from bus.failures),
                       (select deadlocks from pg_stat_database where datname = current_database())
                from bus.deliveries
                """);
            var seconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
            if (pending == 0 || Stopwatch.GetElapsedTime(started) > deadline)
            {
                if (pending > 0)
                {
                    Console.Error.WriteLine($"[endurance] the bus still had {pending} deliveries after {deadline}");
                }
                return new BusState(pending, dead, failed, seconds, deadlocks);
            }
            await Task.Delay(250, ct);
        }
    }

    /// <summary>The deals named <paramref name="prefix"/>… against the book, and each module's copy of every deal against Deals.</summary>
    public static async Task<DealCheck> DealsAsync(NpgsqlDataSource db, DealBook book, string prefix, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<(Guid Id, string Name, Guid StageId)>(
            "select id, name, stage_id from deals.deals where deleted_at is null and name like @Prefix || '%'", new { Prefix = prefix })).ToList();
        var stored = rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First().StageId);
        var examples = new List<string>();
        var lost = 0L;
        var mismatches = 0L;
        foreach (var deal in book.Deals)
        {
            if (!stored.TryGetValue(deal.Id, out var stage))
            {
                lost++;
                Note(examples, $"lost: deal {deal.Id} was answered 201 and is not in deals.deals");
            }
            else if (!deal.Allowed().Contains(stage))
            {
                mismatches++;
                Note(examples, $"stage: deal {deal.Id} stands in {stage}, acknowledged {deal.Current}");
            }
        }
        var duplicates = rows.GroupBy(r => r.Name).LongCount(g => g.Count() > 1);
        var acknowledged = book.Deals.Select(d => d.Id).ToHashSet();
        var unanswered = rows.LongCount(r => !acknowledged.Contains(r.Id));

        var copies = await conn.QuerySingleAsync<(long Occupancy, long Totals, long Pipelines, long Tasks, long Directory, long Orphans)>(
            """
            select
                (select count(*) from pipelines.stage_occupancy o
                 full join (select stage_id, count(*) as c from deals.deals where deleted_at is null group by 1) d on d.stage_id = o.stage_id
                 where coalesce(o.deal_count, 0) <> coalesce(d.c, 0)),
                (select count(*) from (select stage_id, sum(deal_count) as c from deals.stage_totals group by 1) t
                 full join (select stage_id, count(*) as c from deals.deals where deleted_at is null group by 1) d on d.stage_id = t.stage_id
                 where coalesce(t.c, 0) <> coalesce(d.c, 0)),
                (select count(*) from deals.deals d left join pipelines.deal_facts f on f.deal_id = d.id
                 where f.deal_id is null or (f.stage_id, f.version) is distinct from (d.stage_id, d.version)),
                (select count(*) from deals.deals d left join tasks.deals t on t.id = d.id
                 where t.id is null or (t.version, t.name, t.responsible_id, t.closed) is distinct from (d.version, d.name, d.responsible_id, d.closed_at is not null)),
                (select count(*) from deals.deals d left join directory.deal_facts f on f.deal_id = d.id
                 where f.deal_id is null or f.version <> d.version or f.open <> (d.closed_at is null)),
                (select count(*) from pipelines.deal_facts f where not exists (select 1 from deals.deals d where d.id = f.deal_id))
                + (select count(*) from tasks.deals t where not exists (select 1 from deals.deals d where d.id = t.id))
                + (select count(*) from directory.deal_facts f where not exists (select 1 from deals.deals d where d.id = f.deal_id))
            """);
        if (copies.Occupancy + copies.Pipelines + copies.Tasks + copies.Directory + copies.Orphans + copies.Totals > 0)
        {
            Note(examples, $"copies: occupancy {copies.Occupancy}, stage_totals {copies.Totals}, pipelines.deal_facts {copies.Pipelines}, tasks.deals {copies.Tasks}, directory.deal_facts {copies.Directory}, without a deal {copies.Orphans}");
        }
        return new DealCheck(book.CreatesAcknowledged, lost, duplicates, unanswered, book.MovesAcknowledged, mismatches,
            copies.Occupancy, copies.Totals, copies.Pipelines, copies.Tasks, copies.Directory, copies.Orphans, [.. examples]);
    }

    private static void Note(List<string> examples, string what)
    {
        if (examples.Count < 10)
        {
            examples.Add(what);
            Console.Error.WriteLine($"[endurance] {what}");
        }
    }
}
