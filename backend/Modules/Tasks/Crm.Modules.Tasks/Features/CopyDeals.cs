using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Dapper;

namespace Crm.Modules.Tasks.Features;

// Tasks keeps a copy of deals (tasks.deals): the name to show on a task, the responsible a new
// task defaults to, and whether the deal is closed or deleted (a deleted deal takes no new tasks;
// "left without tasks" is said of open deals only). Events may come in any order, so every write
// is an upsert and no foreign key points here.

internal sealed class OnDealCreated(DbSession db) : IIntegrationEventHandler<DealCreated>
{
    public async ValueTask Handle(DealCreated e, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteAsync(
            """
            insert into tasks.deals as d (id, name, responsible_id) values (@DealId, @Name, @ResponsibleId)
            on conflict (id) do update set name = excluded.name, responsible_id = coalesce(d.responsible_id, excluded.responsible_id)
            """,
            new { e.DealId, e.Name, e.ResponsibleId });
}

internal sealed class OnDealUpdated(DbSession db) : IIntegrationEventHandler<DealUpdated>
{
    public async ValueTask Handle(DealUpdated e, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteAsync(
            """
            insert into tasks.deals (id, name) values (@DealId, @Name)
            on conflict (id) do update set name = excluded.name
            """,
            new { e.DealId, e.Name });
}

internal sealed class OnDealAssigned(DbSession db) : IIntegrationEventHandler<DealAssigned>
{
    public async ValueTask Handle(DealAssigned e, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteAsync(
            """
            insert into tasks.deals (id, name, responsible_id) values (@DealId, '', @ToResponsibleId)
            on conflict (id) do update set responsible_id = excluded.responsible_id
            """,
            new { e.DealId, e.ToResponsibleId });
}

internal sealed class OnDealWon(DbSession db) : IIntegrationEventHandler<DealWon>
{
    public async ValueTask Handle(DealWon e, CancellationToken ct) => await DealCopy.CloseAsync(db, e.DealId, e.ResponsibleId, ct);
}

internal sealed class OnDealLost(DbSession db) : IIntegrationEventHandler<DealLost>
{
    public async ValueTask Handle(DealLost e, CancellationToken ct) => await DealCopy.CloseAsync(db, e.DealId, e.ResponsibleId, ct);
}

internal sealed class OnDealDeleted(DbSession db) : IIntegrationEventHandler<DealDeleted>
{
    public async ValueTask Handle(DealDeleted e, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteAsync(
            """
            insert into tasks.deals (id, name, deleted) values (@DealId, '', true)
            on conflict (id) do update set deleted = true
            """,
            new { e.DealId });
}

internal static class DealCopy
{
    public static async ValueTask CloseAsync(DbSession db, Guid dealId, Guid responsibleId, CancellationToken ct) =>
        await (await db.ConnectionAsync(ct)).ExecuteAsync(
            """
            insert into tasks.deals (id, name, responsible_id, closed) values (@dealId, '', @responsibleId, true)
            on conflict (id) do update set closed = true, responsible_id = excluded.responsible_id
            """,
            new { dealId, responsibleId });
}
