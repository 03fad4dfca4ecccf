using System.Data;
using Dapper;

namespace Crm.BuildingBlocks.Data;

/// <summary>
/// Npgsql reads timestamptz as a UTC DateTime; our records carry DateTimeOffset (UTC), which
/// Dapper maps only with a handler.
/// </summary>
internal static class DapperTypes
{
    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        }
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value.ToUniversalTime();

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            DateTimeOffset dto => dto,
            _ => throw new DataException($"Cannot read {value.GetType()} as DateTimeOffset."),
        };
    }
}
