using Carter;
using Crm.BuildingBlocks.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// Its author (or a supervisor) follows a deals import past its progress (GetDealImport) with the building block's
/// routes over deals.imports: CancelDealImport stops it (one still waiting at once; a running one at its next batch,
/// the deals already committed stay, as the report says); DownloadDealImportReport gives every refused row as the
/// file had it, with its row number and the reasons, as CSV (or xlsx), to correct and import again.
/// </summary>
internal sealed class FollowDealImport : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapCancelImport("deals", "deals")
            .WithName("CancelDealImport")
            .WithTags("Deals")
            .WithSummary("Cancel a deals import (at its next batch when running)");
        app.MapImportReport("deals", "deals")
            .WithName("DownloadDealImportReport")
            .WithTags("Deals")
            .WithSummary("The refused rows of a deals import with their reasons, as CSV (or xlsx)");
    }
}
