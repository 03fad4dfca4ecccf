using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Web;
using Crm.Modules.Identity.Auth;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Crm.Modules.Identity.Jobs;

/// <summary>
/// Hourly: deletes the sign-in attempts that no longer count, failures after
/// <see cref="SignInAttempts.FailureMemory"/> and successes after
/// <see cref="AbuseLimitsOptions.SignInTrustedFor"/>, in batches, one instance of the cluster at a time.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SignInAttemptsCleanupJob(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<AbuseLimitsOptions> limits) : IJob
{
    public static readonly JobKey Key = new("sign-in-attempts-cleanup", "identity");

    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private const int BatchSize = 5000;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var lease = await ClusterLock.TryTakeAsync(dataSource, "identity.sign-in-attempts-cleanup", cancellationToken);
        if (lease is not null)
        {
            await CleanAsync(cancellationToken);
        }
    }

    /// <summary>One pass; returns how many attempts were deleted.</summary>
    public async Task<int> CleanAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var failuresBefore = now - SignInAttempts.FailureMemory;
        var successesBefore = now - limits.Value.SignInTrustedFor;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var total = 0;
        int deleted;
        do
        {
            deleted = await conn.ExecuteAsync(new CommandDefinition(
                """
                delete from identity.sign_in_attempts
                where ctid in (
                    select ctid from identity.sign_in_attempts
                    where at < @failuresBefore and (not succeeded or at < @successesBefore)
                    limit @BatchSize)
                """,
                new { failuresBefore, successesBefore, BatchSize },
                cancellationToken: ct));
            total += deleted;
        }
        while (deleted == BatchSize);
        return total;
    }
}
