using Carter;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Directory.Common;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// The tags of companies and of contacts («Теги», <c>kind=company|contact</c>): a user lists them in the tag
/// picker and adds a new one by typing it; an admin renames, recolours or deletes one (/api/directory/tags, the
/// shared building block over this module's own catalog; docs/tables-api.md, "Tags"). A record's tags are set
/// by SetRecordTags.
/// </summary>
internal sealed class TagCatalog : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) => app.MapTags("directory", "directory", "Directory", RecordTags.Kinds);
}
