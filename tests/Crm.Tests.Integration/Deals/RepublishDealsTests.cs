using System.Net;
using Crm.Modules.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// DealsModule.RepublishAsync: every deal's current state goes out again as DealRepublished, and each
/// consumer takes it through its upsert-if-newer path: a lost copy comes back, a current one is not
/// written, and counts kept from the states are not counted twice.
/// </summary>
public sealed class RepublishDealsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static readonly string[] Consumers = ["Tasks.CopyDeals", "Directory.KeepCompanyDealCounts", "Pipelines.KeepStageOccupancy"];

    [Fact]
    public async Task A_lost_copy_comes_back_a_current_one_is_left_alone_and_counts_stay()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var lost = await admin.CreateDealAsync(pipeline, new { name = "Потерянная копия", companyId = await app.CompanyAsync("Повторная публикация") });
        var kept = await admin.CreateDealAsync(pipeline, new { name = "Текущая копия" });
        var won = await (await admin.PostAsync($"/api/deals/{kept.Id()}/won", new { version = kept.Version() })).JsonAsync(HttpStatusCode.OK);
        var companyId = lost.OptionalGuid("companyId")!.Value;
        await app.WaitForAsync(
            """
            select (select count(*) from tasks.deals where id = @Lost and version = 1)
                 + (select count(*) from tasks.deals where id = @Kept and version = @KeptVersion and closed) = 2
               and exists (select 1 from directory.company_facts where company_id = @companyId and open_deal_count = 1)
               and exists (select 1 from pipelines.stage_occupancy where stage_id = @First and deal_count = 1)
            """,
            new { Lost = lost.Id(), Kept = kept.Id(), KeptVersion = won.Version(), companyId, pipeline.First },
            "the copies, the company's count and the stage's occupancy");

        await using var db = await app.OpenDatabaseAsync();
        await db.ExecuteAsync("delete from tasks.deals where id = @Id", new { Id = lost.Id() });
        var keptRow = await db.ExecuteScalarAsync<string>("select xmin::text from tasks.deals where id = @Id", new { Id = kept.Id() });

        var published = await new DealsModule().RepublishAsync(app.Factory.Services, CancellationToken.None);
        Assert.Equal(2, published);
        await app.WaitForAsync(
            """
            select count(*) = 2 * @Consumers from bus.inbox
            where handler = any(@Handlers)
              and event_id in (select id from bus.outbox where event_type = 'Crm.Modules.Deals.Contracts.DealRepublished')
            """,
            new { Consumers = Consumers.Length, Handlers = Consumers }, "every consumer took both states");

        var back = await db.QuerySingleAsync<(string Name, int Version, bool Closed, bool Deleted)>(
            "select name, version, closed, deleted from tasks.deals where id = @Id", new { Id = lost.Id() });
        Assert.Equal(("Потерянная копия", 1, false, false), back);
        Assert.Equal(keptRow, await db.ExecuteScalarAsync<string>("select xmin::text from tasks.deals where id = @Id", new { Id = kept.Id() }));
        Assert.Equal(1, await db.ExecuteScalarAsync<int>(
            "select open_deal_count from directory.company_facts where company_id = @companyId", new { companyId }));
        Assert.Equal(1, await db.ExecuteScalarAsync<int>(
            "select deal_count from pipelines.stage_occupancy where stage_id = @First", new { pipeline.First }));
        Assert.Equal(1, await db.ExecuteScalarAsync<int>(
            "select deal_count from pipelines.stage_occupancy where stage_id = @Won", new { pipeline.Won }));
    }
}
