using System.Text.RegularExpressions;
using Crm.BuildingBlocks.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Jobs;

/// <summary>
/// Claiming a module's background job (a row of its imports or its bulk jobs: <c>id</c>, <c>status</c> queued or running,
/// <c>lease_until</c>, <c>created_at</c>, <c>updated_at</c>) with a lease: the worker that claims a job runs it and
/// renews the lease with each step; should it die, another takes the job over once the lease has lapsed.
/// </summary>
public static partial class JobLeases
{
    /// <summary>
    /// Claims the oldest job of <paramref name="table"/> (<c>schema.table</c>) that is waiting, or whose lease has lapsed,
    /// for <paramref name="lease"/>; null when there is none. The row is locked <c>for no key update</c> (its key never
    /// changes), as a runner's steps lock it: two workers exclude each other, while the key-share lock that a row
    /// referencing the job takes (a refused import row's foreign key) does not hide the job.
    /// </summary>
    public static async Task<Guid?> ClaimAsync(IServiceScopeFactory scopes, string table, TimeSpan lease, TimeProvider clock, CancellationToken ct)
    {
        if (!TableName().IsMatch(table))
        {
            throw new ArgumentException($"'{table}' is not a table name.", nameof(table));
        }
        await using var scope = scopes.CreateAsyncScope();
        var conn = await scope.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        return await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            $"""
            update {table} set status = 'running', lease_until = @Until, updated_at = @Now
            where id = (
                select id from {table}
                where status in ('queued', 'running') and (lease_until is null or lease_until < @Now)
                order by created_at limit 1
                for no key update skip locked)
            returning id
            """,
            new { Now = now, Until = now + lease }, cancellationToken: ct));
    }

    [GeneratedRegex("^[a-z_]+\\.[a-z_]+$")]
    private static partial Regex TableName();
}
