using Carter;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Deals.Common;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// The deals' tags («Теги»): a user lists them in the tag picker and adds a new one by typing it; an admin
/// renames, recolours or deletes one (/api/deals/tags, the shared building block over this module's own
/// catalog; docs/tables-api.md, "Tags"). A deal's tags are set by SetDealTags.
/// </summary>
internal sealed class TagCatalog : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapTags("deals", "deals", "Deals", new Tags.Kind(DealTags.Kind, "deals.deals"));
}
