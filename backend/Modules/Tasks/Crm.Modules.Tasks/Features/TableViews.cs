using Carter;
using Crm.BuildingBlocks.Tables;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Tasks.Features;

/// <summary>
/// A user saves the current view of Tasks' tables under a name, finds it in «Поиск и фильтр», and keeps
/// the columns they chose: /api/tasks/saved-filters and /api/tasks/table-columns/{table}
/// (the shared building block, over this module's own tables; docs/tables-api.md).
/// </summary>
internal sealed class TableViews : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapTableViews("tasks", "tasks", "Tasks", "tasks");
}
