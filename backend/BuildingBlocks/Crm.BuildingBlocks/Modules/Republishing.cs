using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Modules;

/// <summary>
/// The loop behind <see cref="IModule.RepublishAsync"/>: reads a module's records a page at a time
/// in id order and publishes one event per record, each page in its own transaction (so a long
/// replay never holds one huge transaction, and what was published is delivered while it runs).
/// </summary>
public static class Republishing
{
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
