using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.BuildingBlocks.Modules;

/// <summary>
/// The loop behind <see cref="IModule.RepublishAsync"/>: reads a module's records a page at a time
/// in id order and publishes one event per record, each page in its own transaction (so a long
/// replay never holds one huge transaction, and what was published is delivered while it runs).
/// </summary>
public static partial class Republishing
{
    private static readonly TimeSpan DeliveredPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Queues the fill of a copy that is new (its migration has just created it, so it holds nothing and no event
    /// waits for its handler) from the current state of the module that owns <typeparamref name="TState"/>: that
    /// module's <see cref="IModule.RepublishAsync"/>, delivered to every copy of the state through the usual
    /// upsert-if-newer path (a current copy elsewhere writes nothing). Called from the consuming module's
    /// <see cref="IModule.InitializeAsync"/>; <see cref="CopyFills"/> runs it once the host runs, so a start on a big
    /// database is not held up by it, and counts it pending until the copy's handler has taken the last of its events. A copy with rows, or with deliveries waiting (a fresh database: the owner's
    /// first records are on their way), is left to its events, unless a fill of it was started and never finished
    /// (the instance stopped mid-way: <c>bus.copy_fills</c> still names it), which is done again. Two instances
    /// starting together fill it once (a cluster lock; the other finds it taken and goes on).
    /// </summary>
    /// <typeparam name="TState">The state the copy keeps; its Contracts assembly names the owner ("X.Contracts" of module assembly "X").</typeparam>
    /// <typeparam name="THandler">The copy's handler (its lane's deliveries are what "waiting" means).</typeparam>
    /// <param name="copyTable">The copy, "schema.table", in the calling module's schema.</param>
    /// <param name="staleRows">
    /// A condition (SQL, a constant of the caller's code) on the copy's rows that a migration has left
    /// stale, e.g. a new column with its rows' version set to 0: when a row matches, the owner republishes
    /// too, whatever waits for the handler, and the newer states overwrite those rows.
    /// </param>
    public static void FillNewCopy<TState, THandler>(IServiceProvider services, string copyTable, string? staleRows = null)
        where THandler : IStateHandler<TState>
    {
        if (!TableName().IsMatch(copyTable))
        {
            throw new ArgumentException($"'{copyTable}' is not a schema-qualified table name.", nameof(copyTable));
        }
        var contracts = typeof(TState).Assembly.GetName().Name;
        var owner = services.GetRequiredService<ModuleCatalog>().Modules
            .SingleOrDefault(m => m.GetType().Assembly.GetName().Name + ".Contracts" == contracts)
            ?? throw new InvalidOperationException($"No module owns {typeof(TState).Name} ({contracts}).");
        var handler = services.GetRequiredService<EventRegistry>().NameOfHandler(typeof(THandler));
        services.GetRequiredService<CopyFills>().Enqueue(copyTable, ct => FillAsync(services, owner, handler, copyTable, staleRows, ct));
    }

    /// <returns>How many events the owner published (0 when the copy needed nothing or another instance fills it).</returns>
    private static async Task<int> FillAsync(
        IServiceProvider services, IModule owner, string handler, string copyTable, string? staleRows, CancellationToken ct)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var fill = await ClusterLock.TryTakeAsync(dataSource, $"fill-copy:{handler}", ct);
        if (fill is null)
        {
            return 0;
        }
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            // The fill is written down before the first event and struck out after the last: one cut off in between
            // (the copy then has some rows, and deliveries waiting) is still named here on the next start.
            var started = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                $"""
                insert into bus.copy_fills (handler, copy_table, started_at)
                select @handler, @copyTable, now()
                where exists (select 1 from bus.copy_fills where handler = @handler)
                   or (not exists (select 1 from {copyTable}) and not exists (select 1 from bus.deliveries where handler = @handler))
                   {(staleRows is null ? "" : $"or exists (select 1 from {copyTable} where {staleRows})")}
                on conflict (handler) do update set started_at = excluded.started_at
                returning true
                """,
                new { handler, copyTable }, cancellationToken: ct));
            if (!started)
            {
                return 0;
            }
        }
        var published = await owner.RepublishAsync(services, ct);
        long? last;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            await conn.ExecuteAsync(new CommandDefinition("delete from bus.copy_fills where handler = @handler", new { handler }, cancellationToken: ct));
            last = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                "select max(seq) from bus.deliveries where handler = @handler", new { handler }, cancellationToken: ct));
        }
        // Filled once the copy's handler has taken every event up to the fill's last (its lane goes in seq order;
        // a delivery given up, dead, does not hold it): until then the instance is not ready (CopyFills.Pending).
        while (last is not null && await WaitingAsync(dataSource, handler, last.Value, ct))
        {
            await Task.Delay(DeliveredPoll, ct);
        }
        return published;
    }

    /// <summary>Whether a live delivery up to <paramref name="last"/> still waits for the handler.</summary>
    private static async Task<bool> WaitingAsync(NpgsqlDataSource dataSource, string handler, long last, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from bus.deliveries where handler = @handler and seq <= @last and not dead)",
            new { handler, last }, cancellationToken: ct));
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*$")]
    private static partial Regex TableName();

    /// <param name="pageSql">
    /// A query of the module's own tables returning rows of <typeparamref name="TRow"/> with an <c>Id</c>
    /// greater than <c>@After</c>, ordered by id, at most <c>@Limit</c> rows.
    /// </param>
    public static async Task<int> PublishAllAsync<TRow>(
        IServiceProvider services, string pageSql, Func<TRow, Guid> idOf, Func<TRow, IntegrationEvent> toEvent,
        CancellationToken ct, int pageSize = 500)
    {
        var after = Guid.Empty;
        var published = 0;
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DbSession>();
            var events = scope.ServiceProvider.GetRequiredService<IEventPublisher>();
            await db.BeginAsync(ct);
            var conn = await db.ConnectionAsync(ct);
            var rows = (await conn.QueryAsync<TRow>(new CommandDefinition(pageSql, new { After = after, Limit = pageSize }, cancellationToken: ct))).ToList();
            foreach (var row in rows)
            {
                await events.PublishAsync(toEvent(row), ct);
            }
            await db.CommitAsync(ct);
            published += rows.Count;
            if (rows.Count < pageSize)
            {
                return published;
            }
            after = idOf(rows[^1]);
        }
    }
}
