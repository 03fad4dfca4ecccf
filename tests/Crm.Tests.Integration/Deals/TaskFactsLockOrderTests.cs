using System.Net;
using Crm.Tests.Integration.Infrastructure;
using Crm.Tests.Integration.Tasks;
using Dapper;
using Npgsql;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// KeepDealTaskFacts and a move of a deal take their locks in one order (the deal, then the board
/// totals), so neither waits for the other in a cycle. Found by build/bench/endurance.sh soak: 166 moves
/// answered 500 with a deadlock (40P01), because the bus handed the handler a batch of task events
/// in one transaction, which held one deal's totals while it waited for the next deal's row.
/// </summary>
public sealed class TaskFactsLockOrderTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_move_and_task_events_of_two_deals_at_once_do_not_deadlock()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.TaskUserAsync();
        // Deal A in the first column with a task; deal B in the second without one.
        var a = (await manager.CreateDealAsync(pipeline, new { name = "Сделка A" }, pipeline.First)).Id();
        var b = (await manager.CreateDealAsync(pipeline, new { name = "Сделка B" }, pipeline.Second)).Id();
        await app.WaitForAsync("select count(*) = 2 from tasks.deals where id in (@a, @b)", new { a, b }, "Tasks' copies of both deals");
        var task = await manager.CreateCallAsync(app, TimeSpan.FromDays(1), a, "Позвонить по сделке A");
        await app.WaitForAsync("select open_task_count = 1 from deals.deals where id = @a", new { a }, "deal A counts its task");

        // A move of deal A to the second column, paused after it locked the deal's row, as
        // MoveDealToStage locks it (DealAccess.LoadForChangeAsync) before the update whose trigger
        // takes the columns' totals. A short deadlock_timeout makes the move the side that finds a
        // cycle, if there is one, and gets the error.
        await using var mover = await app.OpenDatabaseAsync();
        await using var move = await mover.BeginTransactionAsync();
        await mover.ExecuteAsync("set local deadlock_timeout = '20ms'", transaction: move);
        await mover.ExecuteAsync("select 1 from deals.deals where id = @a for update", new { a }, move);
        var moverPid = await mover.ExecuteScalarAsync<int>("select pg_backend_pid()", transaction: move);

        // One command, two task events, committed together: the next task, on deal B (its card
        // leaves "no tasks", a change to the second column's totals), then the done one, on deal A.
        var completing = manager.PostAsync($"/api/tasks/{task.Id()}/complete", new
        {
            result = "Договорились продолжить по сделке B",
            next = new { typeId = TasksKit.Call, text = "Позвонить по сделке B", dueAt = app.Clock.GetUtcNow().AddDays(2), linkKind = "deal", linkId = b },
        });
        (await completing).EnsureSuccessStatusCode();

        // The handler reaches deal A's event and waits for the move's lock on its row.
        await using (var watcher = await app.OpenDatabaseAsync())
        {
            await Eventually.TrueAsync(
                () => watcher.ExecuteScalarAsync<bool>(
                    "select exists (select 1 from pg_stat_activity where @moverPid = any(pg_blocking_pids(pid)))", new { moverPid }),
                "the task facts handler waiting for the move's lock on deal A");
            var pending = (await watcher.QueryAsync<string>(
                """
                select o.event_type from bus.deliveries d join bus.outbox o on o.id = d.event_id
                where d.handler = 'Deals.KeepDealTaskFacts' order by d.seq
                """)).ToList();
            Assert.EndsWith(".TaskCompleted", pending[^1]);
        }

        // The move goes on: it takes both columns' totals. With the next task's event still
        // uncommitted in the same transaction as the waiting one, the second column's row would be
        // held by the handler: a deadlock.
        var moved = await mover.ExecuteAsync(
            "update deals.deals set stage_id = @Second, stage_entered_at = now(), version = version + 1 where id = @a",
            new { a, pipeline.Second }, move);
        Assert.Equal(1, moved);
        await move.CommitAsync();

        await app.WaitForAsync(
            "select (select open_task_count from deals.deals where id = @a) = 0 and (select open_task_count from deals.deals where id = @b) = 1",
            new { a, b }, "both deals' task counts after the move");
        await using var db = await app.OpenDatabaseAsync();
        var mismatched = await db.ExecuteScalarAsync<int>(
            """
            with direct as (
                select stage_id, count(*) as deals, count(*) filter (where closed_at is null and open_task_count = 0) as bare
                from deals.deals where deleted_at is null and stage_id = any(@stages) group by stage_id),
            kept as (
                select stage_id, sum(deal_count) as deals, sum(bare_count) as bare
                from deals.stage_totals where stage_id = any(@stages) and deal_count <> 0 group by stage_id)
            select count(*) from direct full join kept using (stage_id)
            where (direct.deals, direct.bare) is distinct from (kept.deals, kept.bare)
            """,
            new { stages = pipeline.StageIds.ToArray() });
        Assert.Equal(0, mismatched);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/deals/{a}")).StatusCode);
    }
}
