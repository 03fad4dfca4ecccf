using Dapper;
using Npgsql;

namespace Crm.Tests.Integration.Infrastructure;

/// <summary>What the bus tables say about an event, for tests that wait for one to land.</summary>
public static class BusState
{
    /// <summary>Every delivery of the event is done: handled (in the inbox) or given up (dead).</summary>
    public static Task<bool> DeliveredAsync(NpgsqlConnection db, Guid eventId) =>
        db.ExecuteScalarAsync<bool>(
            "select not exists (select 1 from bus.deliveries where event_id = @eventId and not dead)", new { eventId });

    /// <summary>Every event of these types is delivered (a type is matched with <c>like</c>, e.g. '%Directory%').</summary>
    public static Task<bool> AllDeliveredAsync(NpgsqlConnection db, string eventTypeLike = "%") =>
        db.ExecuteScalarAsync<bool>(
            "select not exists (select 1 from bus.deliveries where event_type like @eventTypeLike and not dead)", new { eventTypeLike });

    /// <summary>The handler ("Module.Handler", or a <c>like</c> pattern) has handled the event.</summary>
    public static Task<bool> HandledAsync(NpgsqlConnection db, Guid eventId, string handler) =>
        db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from bus.inbox where event_id = @eventId and handler like @handler)", new { eventId, handler });

    /// <summary>Makes the handler take the event again, as a duplicate delivery would (the inbox must stop it).</summary>
    public static Task DeliverAgainAsync(NpgsqlConnection db, Guid eventId, string handler) =>
        db.ExecuteAsync(
            """
            insert into bus.deliveries (event_id, handler, event_type, aggregate_id)
            select id, @handler, event_type, coalesce(aggregate_id, id) from bus.outbox where id = @eventId;
            select pg_notify('crm_bus', @handler);
            """,
            new { eventId, handler });
}
