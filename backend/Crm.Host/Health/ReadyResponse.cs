using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Host.Health;

/// <summary>
/// The body of <c>/health/ready</c>: "Healthy", or the status followed by what is not ready yet (the checks'
/// descriptions, e.g. the copies still being filled), for whoever looks at a deployment that is not ready.
/// </summary>
internal static class ReadyResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var reasons = report.Entries.Values
            .Where(e => e.Status != HealthStatus.Healthy && !string.IsNullOrEmpty(e.Description))
            .Select(e => e.Description);
        var text = report.Status == HealthStatus.Healthy ? "Healthy" : $"{report.Status}: {string.Join(" ", reasons)}";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
