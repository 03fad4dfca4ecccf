// SQL fixture (read as text, never compiled): a Tasks slice full of look-alikes that are not SQL.
// Deals keeps its own copy (deals.deals.open_task_count); we never read it, see /* inbox.requests */ too.
using Dapper;

namespace Crm.Modules.Tasks.Features;

internal static class CountOpenTasks
{
    internal sealed class Handler(DbSession db)
    {
        public async Task<string> Handle(IReadOnlyList<Guid> deals, CancellationToken ct)
        {
            /* A block comment naming messaging.posts and "deals.deals" is no SQL either. */
            var conn = await db.ConnectionAsync(ct);
            var quote = '"'; var deals2 = deals.Where(d => d != Guid.Empty).ToList(); // a '"' char must not open a string
            var tasks = (await conn.QueryAsync<Guid>(
                $$"""
                select id from tasks.tasks
                where deal_id = any(@deals) and note <> '{literal braces}' and owner = {{quote}}
                """, new { deals = deals2 })).AsList();
            var heading = @"open ""tasks"".tasks per deal";
            return $"{tasks.Count} of {deals.Count} {heading} {(deals.Count > 1 ? "deals" : "deal")}";
        }
    }
}
