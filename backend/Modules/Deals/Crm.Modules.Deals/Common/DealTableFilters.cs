using Crm.BuildingBlocks.CustomFields;
using Crm.BuildingBlocks.Tables;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// The deals table's columns that can be filtered (<c>f.&lt;column&gt;=&lt;expression&gt;</c>,
/// docs/pipelines-deals-api.md, "The deals table"), as SQL on deals.deals aliased <c>d</c>; the grammar
/// and the SQL it builds are the building block's (<see cref="ColumnFilters"/>).
/// </summary>
internal static class DealTableFilters
{
    private static readonly Dictionary<string, FilterColumn> Columns = new(StringComparer.Ordinal)
    {
        // deals.search (name, company, main contact, folded) is a superset of each of the three,
        // and its trigram index (ix_deals_search) hands out the candidates.
        ["name"] = new("d.name", FilterKind.Text, false, Candidates: "d.search"),
        ["company"] = new("d.company_name", FilterKind.Text, true, Candidates: "d.search"),
        ["contact"] = new("d.contact_name", FilterKind.Text, true, Candidates: "d.search"),
        ["number"] = new("d.number", FilterKind.Number, false),
        ["budget"] = new("d.budget", FilterKind.Number, true),
        ["currency"] = new("d.currency", FilterKind.Codes, false),
        ["pipeline"] = new("d.pipeline_id", FilterKind.Ids, false),
        ["stage"] = new("d.stage_id", FilterKind.Ids, false),
        ["responsible"] = new("d.responsible_id", FilterKind.Ids, false),
        ["created"] = new("d.created_at", FilterKind.Time, false),
        ["updated"] = new("d.updated_at", FilterKind.Time, false),
        ["closed"] = new("d.closed_at", FilterKind.Time, true),
        ["deadline"] = new("d.deadline", FilterKind.Time, true),
        ["nextTask"] = new("d.next_task_due", FilterKind.Time, true),
        // any of the tags given, on ix_deals_tags (GIN); empty: no tag at all
        ["tags"] = new("d.tag_ids", FilterKind.AnyId, true, EmptySql: "cardinality(d.tag_ids) = 0"),
        // open, won, lost: by the kind of the deal's stage (open is any stage that does not close the deal)
        ["status"] = new("d.stage_id in (select s.id from deals.stages s where s.kind = any(@values))", FilterKind.Words, false,
            Words: new Dictionary<string, string[]>(StringComparer.Ordinal) { ["open"] = ["unsorted", "open"], ["won"] = ["won"], ["lost"] = ["lost"] }),
    };

    /// <param name="filters">The filters by column (without the "f." prefix), as given.</param>
    /// <param name="customFields">The deals' custom field definitions by id.</param>
    /// <param name="parameters">Where the values go.</param>
    public static ColumnFilters Of(
        IReadOnlyDictionary<string, string> filters, IReadOnlyDictionary<Guid, CustomFieldDefinition> customFields, DynamicParameters parameters) =>
        new(filters, Columns, customFields, "d.custom", parameters, customCandidates: "deals.custom_text(d.custom)");
}
