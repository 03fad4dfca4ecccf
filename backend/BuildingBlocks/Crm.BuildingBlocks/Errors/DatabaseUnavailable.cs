using Npgsql;

namespace Crm.BuildingBlocks.Errors;

/// <summary>
/// Which failures mean "the database cannot serve this now" (503 + Retry-After) rather than a bug
/// (500): no connection (refused, broken, pool exhausted), the server shutting down or not yet
/// accepting connections, too many connections, and a statement cut off by the statement timeout.
/// </summary>
internal static class DatabaseUnavailable
{
    public const int RetryAfterSeconds = 5;

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException p:
                    return p.SqlState is PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.AdminShutdown
                            or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                            or PostgresErrorCodes.TooManyConnections
                        || p.SqlState.StartsWith("08", StringComparison.Ordinal);
                case NpgsqlException:
                    // not a server error: the connection could not be made or was lost, or the client timed out
                    return true;
            }
        }
        return false;
    }
}
