using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Directory.Contracts;
using Crm.Modules.Tasks.Common;
using Crm.Modules.Tasks.Contracts;
using Dapper;

namespace Crm.Modules.Tasks.Features;

// Tasks keeps the names of companies and contacts (tasks.companies, tasks.contacts) to show on
// tasks and to check a new task's link. A merge repoints the merged record's tasks to the survivor
// and tells subscribers with TaskUpdated; a deleted record takes no new tasks, its tasks keep the link.

internal sealed class OnCompanyCreated(DbSession db) : IIntegrationEventHandler<CompanyCreated>
{
    public async ValueTask Handle(CompanyCreated e, CancellationToken ct) =>
        await DirectoryCopy.UpsertAsync(db, "tasks.companies", e.CompanyId, e.Name, ct);
}

internal sealed class OnCompanyUpdated(DbSession db) : IIntegrationEventHandler<CompanyUpdated>
{
    public async ValueTask Handle(CompanyUpdated e, CancellationToken ct) =>
        await DirectoryCopy.UpsertAsync(db, "tasks.companies", e.CompanyId, e.Name, ct);
}

internal sealed class OnCompanyDeleted(DbSession db) : IIntegrationEventHandler<CompanyDeleted>
{
    public async ValueTask Handle(CompanyDeleted e, CancellationToken ct) =>
        await DirectoryCopy.DeleteAsync(db, "tasks.companies", e.CompanyId, ct);
}

internal sealed class OnCompanyMerged(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<CompanyMerged>
{
    public async ValueTask Handle(CompanyMerged e, CancellationToken ct)
    {
        await DirectoryCopy.UpsertAsync(db, "tasks.companies", e.SurvivorId, e.SurvivorName, ct);
        await DirectoryCopy.DeleteAsync(db, "tasks.companies", e.MergedId, ct);
        await DirectoryCopy.RepointAsync(db, events, clock, LinkKinds.Company, e.MergedId, e.SurvivorId, e.MergedBy, ct);
    }
}

internal sealed class OnContactCreated(DbSession db) : IIntegrationEventHandler<ContactCreated>
{
    public async ValueTask Handle(ContactCreated e, CancellationToken ct) =>
        await DirectoryCopy.UpsertAsync(db, "tasks.contacts", e.ContactId, e.FullName, ct);
}

internal sealed class OnContactUpdated(DbSession db) : IIntegrationEventHandler<ContactUpdated>
{
    public async ValueTask Handle(ContactUpdated e, CancellationToken ct) =>
        await DirectoryCopy.UpsertAsync(db, "tasks.contacts", e.ContactId, e.FullName, ct);
}

internal sealed class OnContactDeleted(DbSession db) : IIntegrationEventHandler<ContactDeleted>
{
    public async ValueTask Handle(ContactDeleted e, CancellationToken ct) =>
        await DirectoryCopy.DeleteAsync(db, "tasks.contacts", e.ContactId, ct);
}

internal sealed class OnContactMerged(DbSession db, IEventPublisher events, TimeProvider clock) : IIntegrationEventHandler<ContactMerged>
{
    public async ValueTask Handle(ContactMerged e, CancellationToken ct)
    {
        await DirectoryCopy.UpsertAsync(db, "tasks.contacts", e.SurvivorId, e.SurvivorFullName, ct);
        await DirectoryCopy.DeleteAsync(db, "tasks.contacts", e.MergedId, ct);
        await DirectoryCopy.RepointAsync(db, events, clock, LinkKinds.Contact, e.MergedId, e.SurvivorId, e.MergedBy, ct);
    }
}

internal static class DirectoryCopy
{
    public static async ValueTask UpsertAsync(DbSession db, string table, Guid id, string name, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteAsync(
            $"insert into {table} (id, name) values (@id, @name) on conflict (id) do update set name = excluded.name",
            new { id, name });

    public static async ValueTask DeleteAsync(DbSession db, string table, Guid id, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteAsync(
            $"insert into {table} (id, name, deleted) values (@id, '', true) on conflict (id) do update set deleted = true",
            new { id });

    /// <summary>Moves every task of the merged record to the survivor, each with a TaskUpdated.</summary>
    public static async ValueTask RepointAsync(
        DbSession db, IEventPublisher events, TimeProvider clock, string kind, Guid mergedId, Guid survivorId, Guid by, CancellationToken ct)
    {
        var moved = await (await db.ConnectionAsync(ct)).QueryAsync<TaskRow>(
            $"""
            update tasks.tasks set link_id = @survivorId, updated_at = @Now, version = version + 1
            where link_kind = @kind and link_id = @mergedId
            returning {TaskRow.Columns}
            """,
            new { kind, mergedId, survivorId, Now = clock.GetUtcNow() });
        foreach (var t in moved)
        {
            await events.PublishAsync(new TaskUpdated(t.ToState(), by), ct);
        }
    }
}
