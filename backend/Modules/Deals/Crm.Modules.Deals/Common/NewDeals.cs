using System.Data;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// New deals written, after every check of their slice (CreateDeal, an import's batch): their numbers taken (the counter
/// row, in the same transaction: a refused create uses none up), each named «Сделка #N» when left without a name, its
/// first stage recorded in its history. Their DealCreated is the caller's to publish.
/// </summary>
internal static class NewDeals
{
    /// <param name="TagIds">The deal's tags (ids of deals.tags, checked by the caller); null: none.</param>
    internal sealed record Fields(
        string? Name, Guid PipelineId, Guid StageId, decimal? Budget, string? Currency, string? Goal, Guid ResponsibleId, Guid? CompanyId,
        string? CompanyName, Guid? ContactId, string? ContactName, DateTimeOffset? Deadline, string Custom, IReadOnlyList<Guid>? TagIds = null);

    public static async Task<DealRow> InsertAsync(IDbConnection conn, Fields fields, Guid by, DateTimeOffset now) =>
        (await InsertAllAsync(conn, [fields], by, now))[0];

    /// <summary>The deals written in their order, numbered so: three statements whatever their number (an import's batch).</summary>
    public static async Task<IReadOnlyList<DealRow>> InsertAllAsync(IDbConnection conn, IReadOnlyList<Fields> deals, Guid by, DateTimeOffset now)
    {
        if (deals.Count == 0)
        {
            return [];
        }
        var first = await DealNumbers.TakeAsync(conn, deals.Count);
        var numbers = deals.Select((_, i) => first + i).ToArray();
        var ids = deals.Select(_ => Guid.CreateVersion7()).ToArray();
        var rows = (await conn.QueryAsync<DealRow>(
            $"""
            insert into deals.deals (id, number, name, pipeline_id, stage_id, budget, currency, goal, responsible_id,
                company_id, company_name, contact_id, contact_name, deadline, custom, tag_ids, created_by, created_at, updated_at, stage_entered_at)
            select d.id, d.number, d.name, d.pipeline_id, d.stage_id, d.budget, d.currency, d.goal, d.responsible_id,
                d.company_id, d.company_name, d.contact_id, d.contact_name, d.deadline, d.custom::jsonb, d.tag_ids::uuid[], @by, @now, @now, @now
            from unnest(@Ids, @Numbers, @Names, @PipelineIds, @StageIds, @Budgets, @Currencies, @Goals, @ResponsibleIds,
                    @CompanyIds, @CompanyNames, @ContactIds, @ContactNames, @Deadlines, @Customs, @TagIds)
                as d(id, number, name, pipeline_id, stage_id, budget, currency, goal, responsible_id,
                    company_id, company_name, contact_id, contact_name, deadline, custom, tag_ids)
            returning {DealRow.Columns}
            """,
            new
            {
                Ids = ids,
                Numbers = numbers,
                Names = deals.Select((d, i) => DealRules.NameOrDefault(d.Name, numbers[i])).ToArray(),
                PipelineIds = deals.Select(d => d.PipelineId).ToArray(),
                StageIds = deals.Select(d => d.StageId).ToArray(),
                Budgets = deals.Select(d => d.Budget).ToArray(),
                Currencies = deals.Select(d => DealRules.CurrencyOrDefault(d.Currency)).ToArray(),
                Goals = deals.Select(d => DealRules.Clean(d.Goal)).ToArray(),
                ResponsibleIds = deals.Select(d => d.ResponsibleId).ToArray(),
                CompanyIds = deals.Select(d => d.CompanyId).ToArray(),
                CompanyNames = deals.Select(d => d.CompanyName).ToArray(),
                ContactIds = deals.Select(d => d.ContactId).ToArray(),
                ContactNames = deals.Select(d => d.ContactName).ToArray(),
                Deadlines = deals.Select(d => d.Deadline?.ToUniversalTime()).ToArray(),
                Customs = deals.Select(d => d.Custom).ToArray(),
                // A uuid[] per deal travels as its text ("{…}"): unnest would flatten an array of arrays.
                TagIds = deals.Select(d => "{" + string.Join(",", d.TagIds ?? []) + "}").ToArray(),
                by,
                now,
            })).ToDictionary(r => r.Id);
        await DealMoves.RecordAllAsync(conn, ids.Select(id => (id, (Guid?)null, rows[id].StageId)).ToList(), now, by);
        return ids.Select(id => rows[id]).ToList();
    }
}
