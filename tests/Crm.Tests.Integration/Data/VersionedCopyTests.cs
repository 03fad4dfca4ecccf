using Crm.BuildingBlocks.Data;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Npgsql;

namespace Crm.Tests.Integration.Data;

/// <summary>
/// VersionedCopy on scratch tables of its own in an empty database: a row is written only when it is new or its
/// version is newer than the kept one; an older or an equal version changes nothing, one row at a time and in a batch
/// that mixes them (with repeats of an id, of which the newest counts). The batch travels as JSON, so each column's
/// type is checked on the way back, and a batch must end as the same rows written one at a time.
/// </summary>
public sealed class VersionedCopyTests : IAsyncLifetime
{
    private const string Table = "copytest.items";
    private const string OneByOne = "copytest.items_one_by_one";

    private static readonly DateTimeOffset At = new(2025, 3, 9, 8, 15, 30, TimeSpan.Zero);

    private string database = "";

    /// <summary>A copy's row: <c>StageKind</c> is <c>stage_kind</c>, and so on.</summary>
    private sealed record Item(Guid Id, int Version, string Name, string? StageKind, decimal? Amount, DateTimeOffset? SeenAt, bool Closed);

    /// <summary>A narrower row of the same table: the columns it lacks (each nullable or with a default) are left as they are.</summary>
    private sealed record NameOnly(Guid Id, int Version, string Name);

    /// <summary>A kept row as read back (timestamptz as Npgsql reads it), with the column no row type carries.</summary>
    private sealed record Kept(Guid Id, int Version, string Name, string? StageKind, decimal? Amount, DateTime? SeenAt, bool Closed, string Untouched);

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateEmptyAsync();
        await using var conn = await DbAsync();
        foreach (var table in new[] { Table, OneByOne })
        {
            await conn.ExecuteAsync(
                $"""
                create schema if not exists copytest;
                create table {table} (
                    id uuid primary key, version int not null, name text not null, stage_kind text, amount numeric(18, 2),
                    seen_at timestamptz, closed boolean not null default false, untouched text not null default 'as it was');
                """);
        }
    }

    public Task DisposeAsync() => TestDatabase.DropAsync(database);

    private Task<NpgsqlConnection> DbAsync() => TestDatabase.OpenAsync(database);

    /// <summary>The kept rows by id.</summary>
    private static async Task<SortedDictionary<Guid, Kept>> KeptAsync(NpgsqlConnection conn, string table = Table) =>
        new((await conn.QueryAsync<Kept>(
            $"""
            select id as Id, version as Version, name as Name, stage_kind as StageKind, amount as Amount, seen_at as SeenAt,
                   closed as Closed, untouched as Untouched
            from {table}
            """)).ToDictionary(k => k.Id));

    private static Kept AsKept(Item item, string untouched = "as it was") =>
        new(item.Id, item.Version, item.Name, item.StageKind, item.Amount, item.SeenAt?.UtcDateTime, item.Closed, untouched);

    private static Item Row(Guid id, int version, string name) =>
        new(id, version, name, "open", 1_234_567.89m + version, At.AddMinutes(version).AddTicks(4_560), false);

    [Fact]
    public async Task One_row_is_written_when_new_or_newer_and_never_by_an_older_or_equal_version()
    {
        await using var conn = await DbAsync();
        var id = Guid.NewGuid();
        var second = Row(id, 2, "ООО «Ёлка»");

        Assert.True(await conn.UpsertIfNewerAsync(Table, second, CancellationToken.None));
        Assert.Equal(AsKept(second), (await KeptAsync(conn))[id]);
        await conn.ExecuteAsync($"update {Table} set untouched = 'set by hand'");

        Assert.False(await conn.UpsertIfNewerAsync(Table, Row(id, 1, "older"), CancellationToken.None));
        Assert.False(await conn.UpsertIfNewerAsync(Table, Row(id, 2, "equal, other values") with { Closed = true }, CancellationToken.None));
        Assert.Equal(AsKept(second, "set by hand"), (await KeptAsync(conn))[id]);

        // every column replaced, nulls too; the column the row does not carry is left alone
        var third = new Item(id, 3, "newer", null, null, null, true);
        Assert.True(await conn.UpsertIfNewerAsync(Table, third, CancellationToken.None));
        Assert.Equal(AsKept(third, "set by hand"), Assert.Single(await KeptAsync(conn)).Value);
    }

    [Fact]
    public async Task A_batch_writes_the_new_and_the_newer_rows_and_leaves_the_older_and_equal_ones()
    {
        await using var conn = await DbAsync();
        Guid fresh = Guid.NewGuid(), older = Guid.NewGuid(), equal = Guid.NewGuid(), newer = Guid.NewGuid(),
            repeatedFresh = Guid.NewGuid(), repeatedNewer = Guid.NewGuid(), untouched = Guid.NewGuid();
        Item[] kept = [Row(older, 5, "older kept"), Row(equal, 5, "equal kept"), Row(newer, 5, "newer kept"), Row(repeatedNewer, 5, "repeated kept"), Row(untouched, 5, "not in the batch")];
        Item[] batch =
        [
            Row(fresh, 1, "ООО \"Север\" — «ё» \\ /"),
            Row(older, 3, "older in the batch"),
            Row(equal, 5, "equal in the batch") with { Closed = true },
            Row(newer, 6, "newer in the batch, not the newest"),
            Row(newer, 7, "newer in the batch") with { StageKind = null, Amount = null, SeenAt = null, Closed = true },
            Row(repeatedFresh, 2, "repeated, second"),
            Row(repeatedFresh, 4, "repeated, newest"),
            Row(repeatedFresh, 3, "repeated, third"),
            Row(repeatedNewer, 9, "repeated, newest"),
            Row(repeatedNewer, 1, "repeated, oldest"),
        ];
        foreach (var table in new[] { Table, OneByOne })
        {
            Assert.Equal(kept.Length, await conn.UpsertAllIfNewerAsync(table, kept, CancellationToken.None));
        }

        Assert.Equal(4, await conn.UpsertAllIfNewerAsync(Table, batch, CancellationToken.None));

        var expected = new[] { batch[0], kept[0], kept[1], batch[4], batch[6], batch[8], kept[4] }.Select(i => AsKept(i)).OrderBy(k => k.Id);
        var actual = (await KeptAsync(conn)).Values;
        Assert.Equal(expected, actual);

        // the same rows one at a time, in the batch's order, end the same; again, the batch changes nothing
        foreach (var row in batch)
        {
            await conn.UpsertIfNewerAsync(OneByOne, row, CancellationToken.None);
        }
        Assert.Equal(actual, (await KeptAsync(conn, OneByOne)).Values);
        Assert.Equal(0, await conn.UpsertAllIfNewerAsync(Table, Enumerable.Reverse(batch), CancellationToken.None));
        Assert.Equal(0, await conn.UpsertAllIfNewerAsync(Table, Array.Empty<Item>(), CancellationToken.None));
        Assert.Equal(actual, (await KeptAsync(conn)).Values);
    }

    [Fact]
    public async Task A_narrower_row_of_the_same_table_writes_only_its_columns()
    {
        await using var conn = await DbAsync();
        Guid one = Guid.NewGuid(), two = Guid.NewGuid();
        var first = Row(one, 1, "first");
        var second = Row(two, 1, "second");
        await conn.UpsertAllIfNewerAsync(Table, new[] { first, second }, CancellationToken.None);

        Assert.True(await conn.UpsertIfNewerAsync(Table, new NameOnly(one, 2, "first renamed"), CancellationToken.None));
        Assert.Equal(1, await conn.UpsertAllIfNewerAsync(Table, new[] { new NameOnly(two, 2, "second renamed"), new NameOnly(one, 2, "equal") }, CancellationToken.None));

        var kept = await KeptAsync(conn);
        Assert.Equal(AsKept(first with { Version = 2, Name = "first renamed" }), kept[one]);
        Assert.Equal(AsKept(second with { Version = 2, Name = "second renamed" }), kept[two]);
    }

    [Fact]
    public async Task A_row_without_id_or_version_and_a_table_without_its_schema_are_refused()
    {
        await using var conn = await DbAsync();
        var id = Guid.NewGuid();

        await Assert.ThrowsAsync<ArgumentException>(() => conn.UpsertIfNewerAsync(Table, new { Id = id, Name = "no version" }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => conn.UpsertAllIfNewerAsync(Table, new[] { new { Version = 1, Name = "no id" } }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => conn.UpsertIfNewerAsync("items", Row(id, 1, "no schema"), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => conn.UpsertAllIfNewerAsync("copytest.items; drop table x", new[] { Row(id, 1, "not a name") }, CancellationToken.None));
        Assert.Empty(await KeptAsync(conn));
    }
}
