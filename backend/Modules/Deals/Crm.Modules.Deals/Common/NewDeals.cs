using System.Data;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// A new deal written, after every check of its slice (CreateDeal, an import's row): its number taken (the counter
/// row, in the same transaction: a refused create uses none up), named «Сделка #N» when left without a name, its
/// first stage recorded in its history. Its DealCreated is the caller's to publish.
/// </summary>
internal static class NewDeals
{
    internal sealed record Fields(
        string? Name, Guid PipelineId, Guid StageId, decimal? Budget, string? Currency, string? Goal, Guid ResponsibleId, Guid? CompanyId,
        string? CompanyName, Guid? ContactId, string? ContactName, DateTimeOffset? Deadline, string Custom);

    public static async Task<DealRow> InsertAsync(IDbConnection conn, Fields fields, Guid by, DateTimeOffset now)
    {
        var number = await DealNumbers.TakeAsync(conn);
        var deal = await conn.QuerySingleAsync<DealRow>(
            $"""
            insert into deals.deals (id, number, name, pipeline_id, stage_id, budget, currency, goal, responsible_id,
                company_id, company_name, contact_id, contact_name, deadline, custom, created_by, created_at, updated_at, stage_entered_at)
            values (@Id, @Number, @Name, @PipelineId, @StageId, @Budget, @Currency, @Goal, @ResponsibleId,
                @CompanyId, @CompanyName, @ContactId, @ContactName, @Deadline, @Custom::jsonb, @By, @Now, @Now, @Now)
            returning {DealRow.Columns}
            """,
            new
            {
                Id = Guid.CreateVersion7(),
                Number = number,
                Name = DealRules.NameOrDefault(fields.Name, number),
                fields.PipelineId,
                fields.StageId,
                fields.Budget,
                Currency = DealRules.CurrencyOrDefault(fields.Currency),
                Goal = DealRules.Clean(fields.Goal),
                fields.ResponsibleId,
                fields.CompanyId,
                fields.CompanyName,
                fields.ContactId,
                fields.ContactName,
                fields.Deadline,
                fields.Custom,
                By = by,
                Now = now,
            });
        await DealMoves.RecordAsync(conn, deal.Id, null, deal.StageId, now, by);
        return deal;
    }
}
