using System.Data;
using Crm.Modules.Deals.Contracts;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// A deal's <see cref="DealState"/> as its events carry it, read from the row after the change in
/// the change's own transaction (so the version and the fields always match). Every publisher of a
/// deal event and the replay read it here, so all of them say the same thing.
/// </summary>
internal static class DealStates
{
    /// <summary>
    /// The state of the deals (<c>deals.deals d</c>) a query selects: the status from the kind of the
    /// stage the deal stands in, the contacts main first.
    /// </summary>
    public const string Select = """
        select d.id as DealId, d.version as Version, d.number as Number, d.name as Name, d.pipeline_id as PipelineId,
            d.stage_id as StageId,
            case when d.deleted_at is not null then 'deleted'
                 when s.kind in ('won', 'lost') then s.kind
                 else 'open' end as Status,
            d.budget as Budget, d.currency as Currency, d.responsible_id as ResponsibleId, d.company_id as CompanyId,
            array(select c.contact_id from deals.deal_contacts c where c.deal_id = d.id order by c.is_main desc, c.position) as ContactIds,
            d.tag_ids as TagIds
        from deals.deals d left join deals.stages s on s.id = d.stage_id
        """;

    /// <summary>
    /// A row of <see cref="Select"/>. Settable properties, not a constructor: Npgsql names an array
    /// column's type System.Array, which Dapper cannot match to a constructor's parameter.
    /// </summary>
    internal sealed class Row
    {
        public Guid DealId { get; set; }

        public int Version { get; set; }

        public long Number { get; set; }

        public string Name { get; set; } = "";

        public Guid PipelineId { get; set; }

        public Guid StageId { get; set; }

        public string Status { get; set; } = "";

        public decimal? Budget { get; set; }

        public string Currency { get; set; } = "";

        public Guid ResponsibleId { get; set; }

        public Guid? CompanyId { get; set; }

        public Guid[] ContactIds { get; set; } = [];

        public Guid[] TagIds { get; set; } = [];

        public DealState ToState() =>
            new(DealId, Version, Number, Name, PipelineId, StageId, Status, Budget, Currency, ResponsibleId, CompanyId, ContactIds, TagIds);
    }

    public static async Task<DealState> ReadAsync(IDbConnection conn, Guid dealId) =>
        (await conn.QuerySingleAsync<Row>($"{Select} where d.id = @dealId", new { dealId })).ToState();

    /// <summary>The states of several deals, in id order (for a change of many deals at once).</summary>
    public static async Task<IReadOnlyList<DealState>> ReadManyAsync(IDbConnection conn, IReadOnlyCollection<Guid> dealIds) =>
        dealIds.Count == 0
            ? []
            : (await conn.QueryAsync<Row>($"{Select} where d.id = any(@ids) order by d.id", new { ids = dealIds.Distinct().ToArray() }))
                .Select(r => r.ToState()).ToList();
}
