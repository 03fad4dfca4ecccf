using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Directory.Contracts;
using Crm.Modules.Tasks.Common;
using Crm.Modules.Tasks.Contracts;
using Dapper;

namespace Crm.Modules.Tasks.Features;

// Tasks keeps the names of companies and contacts (tasks.companies, tasks.contacts) to show on
// tasks and to check a new task's link. Every event carries the record's state, and the copy takes it
// only when its version is newer (VersionedCopy), so events in any order, repeated or replayed, leave
// the newest state. A merge repoints the merged record's tasks to the survivor, or to where the
// survivor's own later merges end (MergeChains: A into B handled after B into C sends A's tasks to C),
// and tells subscribers with TaskUpdated; a deleted record takes no new tasks, its tasks keep the link.

internal sealed class OnCompanyCreated(DbSession db) : IIntegrationEventHandler<CompanyCreated>
{
    public async ValueTask Handle(CompanyCreated e, CancellationToken ct) => await DirectoryCopy.KeepAsync(db, e.Company, ct);
}

internal sealed class OnCompanyUpdated(DbSession db) : IIntegrationEventHandler<CompanyUpdated>
{
    public async ValueTask Handle(CompanyUpdated e, CancellationToken ct) => await DirectoryCopy.KeepAsync(db, e.Company, ct);
}

internal sealed class OnCompanyDeleted(DbSession db) : IIntegrationEventHandler<CompanyDeleted>
{
    public async ValueTask Handle(CompanyDeleted e, CancellationToken ct) => await DirectoryCopy.KeepAsync(db, e.Company, ct);
}

internal sealed class OnCompanyMerged(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<CompanyMerged>
{
    public async ValueTask Handle(CompanyMerged e, CancellationToken ct)
    {
        await DirectoryCopy.KeepAsync(db, e.Survivor, ct);
        await DirectoryCopy.KeepAsync(db, e.Company, ct);
        await DirectoryCopy.RepointAsync(db, events, clock, LinkKinds.Company, e.Company.CompanyId, e.Survivor.CompanyId, e.MergedBy, ct);
    }
}

/// <summary>A company's state again (a replay): kept if newer; a merged company's tasks still linked to it move to the survivor.</summary>
internal sealed class OnCompanyRepublished(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<CompanyRepublished>
{
    public async ValueTask Handle(CompanyRepublished e, CancellationToken ct)
    {
        await DirectoryCopy.KeepAsync(db, e.Company, ct);
        if (e.Company.MergedInto is { } survivorId)
        {
            await DirectoryCopy.RepointAsync(db, events, clock, LinkKinds.Company, e.Company.CompanyId, survivorId, Guid.Empty, ct);
        }
    }
}

internal sealed class OnContactCreated(DbSession db) : IIntegrationEventHandler<ContactCreated>
{
    public async ValueTask Handle(ContactCreated e, CancellationToken ct) => await DirectoryCopy.KeepAsync(db, e.Contact, ct);
}

internal sealed class OnContactUpdated(DbSession db) : IIntegrationEventHandler<ContactUpdated>
{
    public async ValueTask Handle(ContactUpdated e, CancellationToken ct) => await DirectoryCopy.KeepAsync(db, e.Contact, ct);
}

internal sealed class OnContactDeleted(DbSession db) : IIntegrationEventHandler<ContactDeleted>
{
    public async ValueTask Handle(ContactDeleted e, CancellationToken ct) => await DirectoryCopy.KeepAsync(db, e.Contact, ct);
}

internal sealed class OnContactMerged(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<ContactMerged>
{
    public async ValueTask Handle(ContactMerged e, CancellationToken ct)
    {
        await DirectoryCopy.KeepAsync(db, e.Survivor, ct);
        await DirectoryCopy.KeepAsync(db, e.Contact, ct);
        await DirectoryCopy.RepointAsync(db, events, clock, LinkKinds.Contact, e.Contact.ContactId, e.Survivor.ContactId, e.MergedBy, ct);
    }
}

/// <summary>A contact's state again (a replay): kept if newer; a merged contact's tasks still linked to it move to the survivor.</summary>
internal sealed class OnContactRepublished(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<ContactRepublished>
{
    public async ValueTask Handle(ContactRepublished e, CancellationToken ct)
    {
        await DirectoryCopy.KeepAsync(db, e.Contact, ct);
        if (e.Contact.MergedInto is { } survivorId)
        {
            await DirectoryCopy.RepointAsync(db, events, clock, LinkKinds.Contact, e.Contact.ContactId, survivorId, Guid.Empty, ct);
        }
    }
}

internal static class DirectoryCopy
{
    public static async ValueTask KeepAsync(DbSession db, CompanyState s, CancellationToken ct) =>
        await KeepAsync(db, LinkKinds.Company, new Copy(s.CompanyId, s.Version, s.Name, s.Deleted, s.MergedInto), ct);

    public static async ValueTask KeepAsync(DbSession db, ContactState s, CancellationToken ct) =>
        await KeepAsync(db, LinkKinds.Contact, new Copy(s.ContactId, s.Version, s.FullName, s.Deleted, s.MergedInto), ct);

    /// <summary>The copy, when newer; then its name to its tasks that lack it (<see cref="LinkSearch"/>: what the search finds them by).</summary>
    private static async ValueTask KeepAsync(DbSession db, string kind, Copy copy, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        await conn.UpsertIfNewerAsync(LinkKinds.CopyTable(kind), copy, ct);
        await LinkSearch.FollowCopyAsync(conn, kind, copy.Id, ct);
    }

    /// <summary>
    /// Moves every task of the merged record to the end of the survivor's merges (the survivor itself
    /// unless it was merged again since; a deleted end keeps them, as its own tasks), each with a TaskUpdated,
    /// and with the end's folded name ('' while its copy has not come: its own event brings it, <see cref="LinkSearch"/>).
    /// </summary>
    public static async ValueTask RepointAsync(
        DbSession db, IEventPublisher events, TimeProvider clock, string kind, Guid mergedId, Guid survivorId, Guid by, CancellationToken ct)
    {
        var conn = await db.ConnectionAsync(ct);
        var table = LinkKinds.CopyTable(kind);
        // A merge is final: a copy kept before it knew where merged records go (M0007) learns it here.
        await conn.ExecuteAsync(
            $"update {table} set merged_into = @survivorId where id = @mergedId and merged_into is null", new { mergedId, survivorId });
        var targetId = await MergeChains.FollowAsync(conn, table, mergedId, survivorId) switch
        {
            null => survivorId, // not heard of yet: its own events bring its name
            { Deleted: true, MergedInto: { } next } => next, // merged into one not heard of yet
            var end => end.Id,
        };
        var moved = await conn.QueryAsync<TaskRow>(
            $"""
            update tasks.tasks set link_id = @targetId, updated_at = @Now, version = version + 1,
                link_search = coalesce((select x.search from {table} x where x.id = @targetId for share), '')
            where link_kind = @kind and link_id = @mergedId
            returning {TaskRow.Columns}
            """,
            new { kind, mergedId, targetId, Now = clock.GetUtcNow() });
        foreach (var t in moved)
        {
            await events.PublishAsync(new TaskUpdated(t.ToState(), by), ct);
        }
    }

    /// <summary>A row of tasks.companies or tasks.contacts.</summary>
    private sealed record Copy(Guid Id, int Version, string Name, bool Deleted, Guid? MergedInto);
}
