using Dapper;
using Npgsql;

namespace Crm.Tests.Integration.Infrastructure;

/// <summary>
/// Holds a module's copy of another module's records against writes (a SHARE lock on the table: reads
/// go on), so the handler that keeps it blocks and the owner's events about a record stay pending, as
/// when the copy lags. A request made meanwhile that needs the record must wait for it
/// (EventCatchUp.WaitAsync); the hold is let go once it does.
/// </summary>
public sealed class HeldCopy : IAsyncDisposable
{
    private readonly NpgsqlConnection holder;
    private readonly NpgsqlConnection watcher;
    private NpgsqlTransaction? hold;

    private HeldCopy(NpgsqlConnection holder, NpgsqlTransaction hold, NpgsqlConnection watcher)
    {
        this.holder = holder;
        this.hold = hold;
        this.watcher = watcher;
    }

    public static async Task<HeldCopy> HoldAsync(CrmApp app, string table)
    {
        var holder = await app.OpenDatabaseAsync();
        var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync($"lock table {table} in share mode", transaction: hold);
        return new HeldCopy(holder, hold, await app.OpenDatabaseAsync());
    }

    /// <summary>The database's clock now.</summary>
    public Task<DateTime> NowAsync() => watcher.ExecuteScalarAsync<DateTime>("select clock_timestamp()");

    /// <summary>
    /// Lets the copy go once the request has asked the bus whether events are pending (EventCatchUp's query,
    /// run after <paramref name="since"/>) or has already answered (it did not wait), then returns its answer.
    /// The watcher reads pg_stat_activity outside any transaction: inside one it is a snapshot taken once.
    /// </summary>
    public async Task<HttpResponseMessage> ReleaseOnceWaitedForAsync(Task<HttpResponseMessage> request, DateTime since)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!request.IsCompleted && !await watcher.ExecuteScalarAsync<bool>(
                   """
                   select exists (select 1 from pg_stat_activity
                                  where datname = current_database() and query_start >= @since
                                    and query like 'select exists (select 1 from bus.deliveries where handler = any%')
                   """,
                   new { since }))
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the request to wait for the copy");
            await Task.Delay(20);
        }
        await hold!.CommitAsync();
        hold = null;
        return await request;
    }

    public async ValueTask DisposeAsync()
    {
        if (hold is not null)
        {
            await hold.DisposeAsync();
        }
        await holder.DisposeAsync();
        await watcher.DisposeAsync();
    }
}
