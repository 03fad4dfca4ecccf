// SQL fixture (read as text, never compiled): a Deals slice that reads the Tasks module's table.
using Dapper;

namespace Crm.Modules.Deals.Features;

internal static class ListDealsWithOpenTasks
{
    internal sealed class Handler(DbSession db)
    {
        public async Task<IReadOnlyList<Row>> Handle(Guid pipelineId, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            // Its own schema is fine: deals.deals, "deals"."stage_history".
            var stages = await conn.QueryAsync<Guid>(@"select stage_id from deals.stages where pipeline_id = @pipelineId", new { pipelineId });
            return (await conn.QueryAsync<Row>(
                """
                select d.id, d.title, count(t.id) as open_tasks
                from deals.deals d
                left join tasks.tasks t on t.deal_id = d.id and t.completed_at is null
                where d.stage_id = any(@stages)
                group by d.id
                """, new { stages })).AsList();
        }
    }
}
