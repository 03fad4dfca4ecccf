using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Crm.BuildingBlocks.Web;

/// <summary>
/// Reads a JSON body that may be left out (POST /won or /decline with no body at all). A body parameter
/// would make the route demand a JSON content type, so a bare POST would miss the route.
/// </summary>
public static class OptionalBody
{
    public static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return null;
        }
        try
        {
            return await request.ReadFromJsonAsync<T>(ct);
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException("The request body is not valid JSON.", ex);
        }
    }
}
