using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Crm.BuildingBlocks.Data;

/// <summary>
/// The most connections one instance holds to PostgreSQL (<c>Database:MaxPoolSize</c>, 30 by default;
/// a <c>Maximum Pool Size</c> in the connection string wins). Npgsql's own default, 100, is PostgreSQL's
/// default <c>max_connections</c>: a burst of 100 requests then took every connection the server has, and
/// the next one anywhere (a second instance, a backup, psql, the migrations' own) failed with
/// "too many clients", a 503 (bench inbox). Requests past the pool wait for a connection instead, which on
/// two cores answers the whole burst sooner.
/// </summary>
public static class ConnectionPool
{
    public const int DefaultMaxSize = 30;

    public static NpgsqlDataSourceBuilder Apply(NpgsqlDataSourceBuilder builder, IConfiguration configuration, string connectionString)
    {
        if (!ConnectionKeywords.Given(connectionString, "maximumpoolsize", "maxpoolsize"))
        {
            builder.ConnectionStringBuilder.MaxPoolSize = configuration.GetValue<int?>("Database:MaxPoolSize") is { } size and > 0 ? size : DefaultMaxSize;
        }
        return builder;
    }
}
