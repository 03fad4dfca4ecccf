using Carter;
using Crm.BuildingBlocks.Tables;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// A user saves the current view of Directory's tables under a name, finds it in «Поиск и фильтр», and keeps
/// the columns they chose: /api/directory/saved-filters and /api/directory/table-columns/{table}
/// (the shared building block, over this module's own tables; docs/tables-api.md).
/// </summary>
internal sealed class TableViews : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapTableViews("directory", "directory", "Directory", "companies", "contacts");
}
