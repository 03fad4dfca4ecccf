using System.Data;
using Crm.BuildingBlocks.Tables;

namespace Crm.Modules.Deals.Common;

/// <summary>The deals' tags: Deals' own catalog (deals.tags) and each deal's <c>tag_ids</c> (BuildingBlocks Tables/Tags).</summary>
internal static class DealTags
{
    public const string Kind = "deal";

    /// <summary>The tags of the deals, in each deal's order (deals without: left out).</summary>
    public static Task<Dictionary<Guid, IReadOnlyList<Tags.Tag>>> OfAsync(IDbConnection conn, IReadOnlyCollection<Guid> dealIds) =>
        Tags.OfRecordsAsync(conn, "deals", "deals.deals", dealIds);

    public static Task<IReadOnlyList<Tags.Tag>> OfAsync(IDbConnection conn, Guid dealId) =>
        Tags.OfRecordAsync(conn, "deals", "deals.deals", dealId);

    /// <summary>The deals' tags of these names (folded name → id), those not in the catalog added (an import's batch).</summary>
    public static Task<IReadOnlyDictionary<string, Guid>> EnsureAsync(IDbConnection conn, IReadOnlyCollection<string> names, Guid by) =>
        Tags.EnsureAsync(conn, "deals", Kind, names, by);

    /// <summary>The ids given, checked against the catalog (400 on <c>tagIds</c>).</summary>
    public static Task<Guid[]> CheckAsync(IDbConnection conn, IReadOnlyList<Guid>? ids) => Tags.CheckAsync(conn, "deals", Kind, ids);
}
