using Crm.Modules.Pipelines;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Pipelines;

/// <summary>PipelinesModule.RepublishAsync: every pipeline's state goes out as PipelineRepublished and fills an empty copy.</summary>
public sealed class RepublishPipelinesTests(CrmApp app) : IClassFixture<CrmApp>
{
    private const string Owner = """
        select p.id::text || ':' || p.version || ':' || p.name || ':' || p.archived || ':' ||
               coalesce((select string_agg(s.id::text || '/' || s.name || '/' || s.position, ',' order by s.position)
                         from pipelines.stages s where s.pipeline_id = p.id), '')
        from pipelines.pipelines p order by p.id
        """;

    private const string Copy = """
        select p.id::text || ':' || p.version || ':' || p.name || ':' || p.archived || ':' ||
               coalesce((select string_agg(s.id::text || '/' || s.name || '/' || s.position, ',' order by s.position)
                         from deals.stages s where s.pipeline_id = p.id and not s.retired), '')
        from deals.pipelines p order by p.id
        """;

    [Fact]
    public async Task Republishing_fills_an_empty_copy_with_every_pipeline_and_its_stages()
    {
        using var admin = await app.SignedInAsync();
        var renamed = await admin.CreatePipelineAsync("Повтор");
        await (await admin.PostAsync($"/api/pipelines/{renamed.Id()}/stages", new { name = "Счёт", color = "#FFCC00", kind = "open", probability = 70 }))
            .JsonAsync(System.Net.HttpStatusCode.Created);
        var archived = await admin.CreatePipelineAsync("Повтор в архиве");
        await admin.DeleteAsync($"/api/pipelines/{archived.Id()}");

        await using var db = await app.OpenDatabaseAsync();
        await Eventually.TrueAsync(async () =>
            (await db.QueryAsync<string>(Owner)).SequenceEqual(await db.QueryAsync<string>(Copy)), "Deals' copy follows");
        var owner = (await db.QueryAsync<string>(Owner)).ToList();

        await db.ExecuteAsync("delete from deals.stages; delete from deals.pipelines;");
        var published = await new PipelinesModule().RepublishAsync(app.Factory.Services, CancellationToken.None);

        Assert.Equal(owner.Count, published);
        await Eventually.TrueAsync(async () => (await db.QueryAsync<string>(Copy)).SequenceEqual(owner), "the copy filled again");
    }
}
