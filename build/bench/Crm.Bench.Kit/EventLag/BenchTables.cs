namespace Crm.Bench.EventLag;

/// <summary>
/// The tables of the benchmark's made-up module and the statements that write them, the same for
/// every bus. A subscriber's row carries <c>clock_timestamp()</c>: the moment its insert executed,
/// inside its transaction (not <c>now()</c>, frozen when that transaction began). No unique keys on
/// the subscribers' tables: a bus that delivers an event twice shows up as a duplicate count in the
/// report instead of a failed handler.
/// </summary>
public static class BenchTables
{
    public const string CreateSql = """
        create schema if not exists bench;
        create table bench.orders (id uuid primary key, phase text not null, created_at timestamptz not null default now());
        create table bench.moves (id uuid primary key, phase text not null, created_at timestamptz not null default now());
        create table bench.ledger (order_id uuid not null, phase text not null, handled_at timestamptz not null);
        create table bench.notices (order_id uuid not null, phase text not null, handled_at timestamptz not null);
        create table bench.audit (order_id uuid not null, phase text not null, handled_at timestamptz not null);
        create table bench.board_moves (move_id uuid not null, phase text not null, handled_at timestamptz not null);
        create index on bench.ledger (phase);
        create index on bench.notices (phase);
        create index on bench.audit (phase);
        create index on bench.board_moves (phase);
        """;

    /// <summary>The three subscribers of OrderPlaced, each with its own table.</summary>
    public static readonly IReadOnlyList<string> OrderSubscriberTables = ["bench.ledger", "bench.notices", "bench.audit"];

    /// <summary>The command's own row. Parameters: @Id, @Phase.</summary>
    public const string InsertOrderSql = "insert into bench.orders (id, phase) values (@Id, @Phase)";

    /// <summary>The command's own row. Parameters: @Id, @Phase.</summary>
    public const string InsertMoveSql = "insert into bench.moves (id, phase) values (@Id, @Phase)";

    /// <summary>A subscriber's effect, for one of <see cref="OrderSubscriberTables"/>. Parameters: @OrderId, @Phase.</summary>
    public static string RecordOrderSql(string table) =>
        OrderSubscriberTables.Contains(table)
            ? $"insert into {table} (order_id, phase, handled_at) values (@OrderId, @Phase, clock_timestamp())"
            : throw new ArgumentException($"{table} is not a subscriber's table", nameof(table));

    /// <summary>The board push's effect. Parameters: @MoveId, @Phase.</summary>
    public const string RecordMoveSql = "insert into bench.board_moves (move_id, phase, handled_at) values (@MoveId, @Phase, clock_timestamp())";
}
