using Crm.BuildingBlocks.Modules;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Host.Health;

/// <summary>
/// Not ready while new copies of other modules' records are being filled after a start (<see cref="CopyFills"/>):
/// the instance answers, but what reads those copies is not complete yet. Names the copies.
/// </summary>
internal sealed class CopyFillsCheck(CopyFills fills) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(fills.Pending is { Count: > 0 } pending
            ? HealthCheckResult.Unhealthy($"Filling new copies: {string.Join(", ", pending)}.")
            : HealthCheckResult.Healthy());
}
