using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Crm.BuildingBlocks.Data;

/// <summary>
/// The bound on one statement of the app's connections (<c>Database:CommandTimeout</c>, seconds,
/// 30 by default): PostgreSQL's <c>statement_timeout</c>, so the server stops the work itself, and a
/// client wait a little longer, so that the server's error is the one that arrives. A statement cut
/// off answers 503 (ProblemExceptionHandler). Migrations use their own connection, unbounded.
/// </summary>
public static class StatementTimeout
{
    public const int DefaultSeconds = 30;

    public static int Seconds(IConfiguration configuration) =>
        configuration.GetValue<int?>("Database:CommandTimeout") is { } s and > 0 ? s : DefaultSeconds;

    public static NpgsqlDataSourceBuilder Apply(NpgsqlDataSourceBuilder builder, int seconds)
    {
        var options = builder.ConnectionStringBuilder.Options;
        builder.ConnectionStringBuilder.Options = $"{options} -c statement_timeout={seconds * 1000}".Trim();
        builder.ConnectionStringBuilder.CommandTimeout = seconds + 5;
        return builder;
    }
}
