using System.Diagnostics;
using System.Net;
using Crm.Tests.Integration.Infrastructure;
using Xunit.Abstractions;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// "Сделка #N" numbers have no gaps (issue 10, item 15): every check runs before the number is taken, and
/// the number comes from a counter row raised in the create's own transaction, so a refused create uses
/// none up, and concurrent quick adds get distinct numbers one after another.
/// </summary>
public sealed class DealNumbersTests(CrmApp app, ITestOutputHelper output) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task Refused_creates_use_up_no_number_and_the_next_good_one_gets_the_next()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var first = (await admin.CreateDealAsync(pipeline)).GetProperty("number").GetInt64();

        object[] refused =
        [
            new { pipelineId = pipeline.Id, stageId = pipeline.First, responsibleId = Guid.NewGuid() },
            new { pipelineId = pipeline.Id, stageId = pipeline.First, companyId = Guid.NewGuid() },
            new { pipelineId = pipeline.Id, stageId = pipeline.First, contacts = new[] { new { contactId = Guid.NewGuid() } } },
            new { pipelineId = pipeline.Id, stageId = Guid.NewGuid() },
        ];
        foreach (var body in refused)
        {
            await (await admin.PostAsync("/api/deals", body)).ProblemAsync(HttpStatusCode.BadRequest);
        }

        var next = await admin.CreateDealAsync(pipeline);
        Assert.Equal(first + 1, next.GetProperty("number").GetInt64());
        Assert.Equal($"Сделка #{first + 1}", next.Text("name"));
    }

    [Fact]
    public async Task Fifty_concurrent_quick_adds_get_distinct_numbers_without_gaps()
    {
        var pipeline = await app.PipelineAsync();
        var clients = new List<CrmClient>();
        for (var i = 0; i < 5; i++)
        {
            clients.Add((await app.UserAsync()).Client);
        }
        var before = (await clients[0].CreateDealAsync(pipeline)).GetProperty("number").GetInt64();

        var watch = Stopwatch.StartNew();
        var deals = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            clients[i % clients.Count].CreateDealAsync(pipeline, new { name = "", budget = 1000m + i })));
        watch.Stop();
        output.WriteLine($"50 concurrent quick adds: {watch.ElapsedMilliseconds} ms");

        var numbers = deals.Select(d => d.GetProperty("number").GetInt64()).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 50).Select(i => before + i), numbers);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
