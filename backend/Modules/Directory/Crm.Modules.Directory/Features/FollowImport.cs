using Carter;
using Crm.BuildingBlocks.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// Its author (or a supervisor) follows an import of companies or contacts past its progress (GetImport) with the
/// building block's routes over directory.imports: CancelImport stops it (one still waiting at once; a running one at
/// its next batch, the rows already committed stay, as the report says); DownloadImportReport gives every refused row
/// as the file had it, with its row number and the reasons, as CSV (or xlsx), to correct and import again.
/// </summary>
internal sealed class FollowImport : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapCancelImport("directory", "directory")
            .WithName("CancelImport")
            .WithTags("Directory")
            .WithSummary("Cancel an import (at its next batch when running)");
        app.MapImportReport("directory", "directory")
            .WithName("DownloadImportReport")
            .WithTags("Directory")
            .WithSummary("The refused rows of an import with their reasons, as CSV (or xlsx)");
    }
}
