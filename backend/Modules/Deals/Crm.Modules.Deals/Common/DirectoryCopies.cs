using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Contracts;
using Dapper;
using Npgsql;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// Deals' copy of the Lists (<c>deals.companies</c>, <c>deals.contacts</c>: name, deleted, merged into,
/// version), written only when a state is newer (<see cref="VersionedCopy"/>), and what a deletion or a
/// merge does to deals. Those changes of deals are idempotent and order-safe: they touch only deals that
/// still refer to the gone record, and a merge follows the survivor's own merges in the copy, so deals
/// end on the live record whatever order the merges and deletions are handled in.
/// </summary>
internal static class DirectoryCopies
{
    /// <summary>Who changed the deals a replay fixes (DealUpdated's UpdatedBy): nobody, the copy was behind.</summary>
    public static readonly Guid NoUser = Guid.Empty;

    /// <summary>A row of deals.companies or deals.contacts.</summary>
    private sealed record Copy(Guid Id, int Version, string Name, bool Deleted, Guid? MergedInto);

    /// <summary>Where a gone record's deals go: the live end of its survivor's merges (null: that end is deleted, the link is dropped).</summary>
    private sealed record Target(Guid? Id, string? Name);

    /// <returns>True when the copy was written (the state is newer than the kept one).</returns>
    public static Task<bool> KeepAsync(NpgsqlConnection conn, CompanyState s, CancellationToken ct) =>
        conn.UpsertIfNewerAsync("deals.companies", new Copy(s.CompanyId, s.Version, s.Name, s.Deleted, s.MergedInto), ct);

    /// <returns>True when the copy was written (the state is newer than the kept one).</returns>
    public static Task<bool> KeepAsync(NpgsqlConnection conn, ContactState s, CancellationToken ct) =>
        conn.UpsertIfNewerAsync("deals.contacts", new Copy(s.ContactId, s.Version, s.FullName, s.Deleted, s.MergedInto), ct);

    /// <summary>The copies of several companies and contacts (a batch's), each written when newer: a statement per table.</summary>
    public static async Task KeepAllAsync(
        NpgsqlConnection conn, IEnumerable<CompanyState> companies, IEnumerable<ContactState> contacts, CancellationToken ct)
    {
        await conn.UpsertAllIfNewerAsync("deals.companies", companies.Select(s => new Copy(s.CompanyId, s.Version, s.Name, s.Deleted, s.MergedInto)), ct);
        await conn.UpsertAllIfNewerAsync("deals.contacts", contacts.Select(s => new Copy(s.ContactId, s.Version, s.FullName, s.Deleted, s.MergedInto)), ct);
    }

    /// <summary>
    /// A merge in the copy: what was merged into <paramref name="mergedId"/> now points at
    /// <paramref name="survivorId"/>, and where the merged one's deals go (see <see cref="Target"/>).
    /// </summary>
    private static async Task<Target> FollowAsync(NpgsqlConnection conn, string table, Guid mergedId, Guid survivorId) =>
        await MergeChains.FollowAsync(conn, table, mergedId, survivorId) switch
        {
            // The survivor not heard of yet (a replay, in id order): its deals take its id now, its name with its own event.
            null => new Target(survivorId, null),
            { Deleted: false } live => new Target(live.Id, live.Name),
            // merged into one not heard of yet; or deleted (null: the link is dropped)
            var gone => new Target(gone.MergedInto, null),
        };

    /// <summary>Deals of a merged company go to the survivor (or lose the company when the survivor is gone too); each changed deal gets a DealUpdated.</summary>
    public static async Task MoveCompanyDealsAsync(
        NpgsqlConnection conn, IEventPublisher events, Guid mergedId, Guid survivorId, Guid by, CancellationToken ct)
    {
        var target = await FollowAsync(conn, "deals.companies", mergedId, survivorId);
        var moved = (await conn.QueryAsync<Guid>(
            """
            update deals.deals set company_id = @Id, company_name = case when @Id::uuid is null then null else coalesce(@Name, company_name) end,
                version = version + 1
            where company_id = @mergedId
            returning id
            """,
            new { target.Id, target.Name, mergedId })).AsList();
        await PublishAsync(conn, events, moved, by, ct);
    }

    /// <summary>Deals of a deleted company are left without one; each changed deal gets a DealUpdated.</summary>
    public static async Task UnlinkCompanyAsync(NpgsqlConnection conn, IEventPublisher events, Guid companyId, Guid by, CancellationToken ct)
    {
        var unlinked = (await conn.QueryAsync<Guid>(
            """
            update deals.deals set company_id = null, company_name = null, version = version + 1
            where company_id = @companyId
            returning id
            """,
            new { companyId })).AsList();
        await PublishAsync(conn, events, unlinked, by, ct);
    }

    /// <summary>
    /// Deals that had a merged contact have the survivor instead (kept once where they had both, main if
    /// either was), or lose it when the survivor is gone too; each changed deal gets a DealUpdated.
    /// </summary>
    public static async Task MoveContactDealsAsync(
        NpgsqlConnection conn, IEventPublisher events, Guid mergedId, Guid survivorId, Guid by, CancellationToken ct)
    {
        var target = await FollowAsync(conn, "deals.contacts", mergedId, survivorId);
        if (target.Id is not { } toId)
        {
            await UnlinkContactAsync(conn, events, mergedId, by, ct);
            return;
        }
        var args = new { MergedId = mergedId, SurvivorId = toId, target.Name };
        var changed = (await conn.QueryAsync<Guid>(
            """
            select deal_id from deals.deal_contacts where contact_id = @MergedId
            union
            select id from deals.deals where contact_id = @MergedId
            """,
            args)).ToArray();
        if (changed.Length == 0)
        {
            return;
        }
        // Deals with both: the merged row goes; where it was main, the survivor becomes main
        // (two statements: one main per deal is a unique index, checked row by row).
        var mainGone = (await conn.QueryAsync<Guid>(
            """
            with dropped as (
                delete from deals.deal_contacts m using deals.deal_contacts s
                where m.contact_id = @MergedId and s.contact_id = @SurvivorId and s.deal_id = m.deal_id
                returning m.deal_id, m.is_main
            )
            select deal_id from dropped where is_main
            """,
            args)).ToArray();
        await conn.ExecuteAsync(
            """
            update deals.deal_contacts set is_main = true where contact_id = @SurvivorId and deal_id = any(@mainGone);

            update deals.deal_contacts set contact_id = @SurvivorId, name = coalesce(@Name, name) where contact_id = @MergedId;

            update deals.deals set contact_id = @SurvivorId, contact_name = coalesce(@Name, contact_name)
            where contact_id = @MergedId;

            update deals.deals set version = version + 1 where id = any(@changed);
            """,
            new { args.MergedId, args.SurvivorId, args.Name, mainGone, changed });
        await PublishAsync(conn, events, changed, by, ct);
    }

    /// <summary>
    /// A deleted contact leaves every deal that had it; where it was main, the next in the deal's order
    /// becomes main (and shows on the board card). Each changed deal gets a DealUpdated.
    /// </summary>
    public static async Task UnlinkContactAsync(NpgsqlConnection conn, IEventPublisher events, Guid contactId, Guid by, CancellationToken ct)
    {
        var dropped = (await conn.QueryAsync<(Guid DealId, bool IsMain)>(
            """
            with dropped as (delete from deals.deal_contacts where contact_id = @contactId returning deal_id, is_main)
            select deal_id, is_main from dropped
            union
            select id, false from deals.deals where contact_id = @contactId
            """,
            new { contactId })).AsList();
        if (dropped.Count == 0)
        {
            return;
        }
        var mainGone = dropped.Where(d => d.IsMain).Select(d => d.DealId).ToArray();
        var changed = dropped.Select(d => d.DealId).Distinct().ToArray();
        await conn.ExecuteAsync(
            """
            update deals.deal_contacts c set is_main = true
            from (
                select distinct on (deal_id) deal_id, contact_id from deals.deal_contacts
                where deal_id = any(@mainGone) order by deal_id, position
            ) f
            where c.deal_id = f.deal_id and c.contact_id = f.contact_id;

            update deals.deals d set contact_id = m.contact_id, contact_name = m.name
            from unnest(@mainGone) as x(id) left join deals.deal_contacts m on m.deal_id = x.id and m.is_main
            where d.id = x.id;

            update deals.deals set contact_id = null, contact_name = null where contact_id = @contactId;

            update deals.deals set version = version + 1 where id = any(@changed);
            """,
            new { contactId, mainGone, changed });
        await PublishAsync(conn, events, changed, by, ct);
    }

    /// <summary>A company's deals show its name (rows already showing it are not written).</summary>
    public static Task RenameCompanyAsync(NpgsqlConnection conn, Guid companyId, string name) =>
        conn.ExecuteAsync(
            "update deals.deals set company_name = @name where company_id = @companyId and company_name is distinct from @name",
            new { companyId, name });

    /// <summary>A contact's deals show its name, in deals.deal_contacts and, for the main contact, on the board card.</summary>
    public static Task RenameContactAsync(NpgsqlConnection conn, Guid contactId, string name) =>
        conn.ExecuteAsync(
            """
            update deals.deal_contacts set name = @name where contact_id = @contactId and name <> @name;

            update deals.deals set contact_name = @name
            where contact_id = @contactId and contact_name is distinct from @name;
            """,
            new { contactId, name });

    private static async Task PublishAsync(NpgsqlConnection conn, IEventPublisher events, IReadOnlyCollection<Guid> dealIds, Guid by, CancellationToken ct)
    {
        foreach (var state in await DealStates.ReadManyAsync(conn, dealIds))
        {
            await events.PublishAsync(new DealUpdated(state, by), ct);
        }
    }
}
