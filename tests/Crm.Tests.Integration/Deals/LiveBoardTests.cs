using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Crm.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Crm.Tests.Integration.Deals;

/// <summary>NotifyBoardWatchers: a real SignalR client watching a pipeline sees other users' changes live.</summary>
public sealed class LiveBoardTests(CrmApp app) : IClassFixture<CrmApp>
{
    /// <summary>A real SignalR client watching <paramref name="topic"/> for dealChanged.</summary>
    private Task<HubListener> WatchAsync(string email, string password, string topic) =>
        HubListener.ConnectAsync(app, email, password, "dealChanged", topic);

    /// <summary>Accepts the dealChanged of <paramref name="dealId"/> with that change.</summary>
    private static Func<JsonElement, bool> About(Guid dealId, string change) =>
        m => m.GetProperty("dealId").GetGuid() == dealId && m.GetProperty("change").GetString() == change;

    [Fact]
    public async Task Watchers_of_the_pipeline_see_creation_moves_closing_edits_assignment_and_deletion()
    {
        var pipeline = await app.PipelineAsync();
        var other = await app.PipelineAsync("Другая");
        await using var watcher = await WatchAsync(CrmApp.AdminEmail, CrmApp.AdminPassword, $"pipeline:{pipeline.Id}");
        await using var elsewhere = await WatchAsync(CrmApp.AdminEmail, CrmApp.AdminPassword, $"pipeline:{other.Id}");
        var (manager, managerId) = await app.UserAsync();
        var (_, colleagueId) = await app.UserAsync();

        var deal = await manager.CreateDealAsync(pipeline, new { name = "Живая сделка", budget = 10m });
        var created = await watcher.NextAsync(About(deal.Id(), "created"));
        Assert.Equal(pipeline.Id, created.GetProperty("pipelineId").GetGuid());
        Assert.Equal(pipeline.First, created.GetProperty("stageId").GetGuid());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("fromStageId").ValueKind);
        Assert.Equal("Живая сделка", created.GetProperty("card").Text("name"));
        Assert.Equal(10m, created.GetProperty("card").GetProperty("budget").GetDecimal());
        Assert.Equal(managerId, created.GetProperty("card").GetProperty("responsibleId").GetGuid());

        await (await manager.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.Second })).JsonAsync(HttpStatusCode.OK);
        var moved = await watcher.NextAsync(About(deal.Id(), "moved"));
        Assert.Equal(pipeline.Second, moved.GetProperty("stageId").GetGuid());
        Assert.Equal(pipeline.First, moved.GetProperty("fromStageId").GetGuid());
        Assert.Equal(2, moved.GetProperty("card").Version());

        var current = await (await manager.GetAsync($"/api/deals/{deal.Id()}")).JsonAsync(HttpStatusCode.OK);
        await (await manager.PutAsync($"/api/deals/{deal.Id()}", new { name = "Переименована", budget = 20m, currency = "RUB", version = current.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Переименована", (await watcher.NextAsync(About(deal.Id(), "updated"))).GetProperty("card").Text("name"));

        await (await manager.PostAsync($"/api/deals/{deal.Id()}/won")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(pipeline.Won, (await watcher.NextAsync(About(deal.Id(), "won"))).GetProperty("stageId").GetGuid());

        await (await manager.PostAsync($"/api/deals/{deal.Id()}/lost", new { reason = "Передумали" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(pipeline.Lost, (await watcher.NextAsync(About(deal.Id(), "lost"))).GetProperty("stageId").GetGuid());

        await (await manager.PostAsync($"/api/deals/{deal.Id()}/assign", new { responsibleId = colleagueId })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(colleagueId, (await watcher.NextAsync(About(deal.Id(), "assigned"))).GetProperty("card").GetProperty("responsibleId").GetGuid());

        using var admin = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/deals/{deal.Id()}")).StatusCode);
        var deleted = await watcher.NextAsync(About(deal.Id(), "deleted"));
        Assert.Equal(JsonValueKind.Null, deleted.GetProperty("card").ValueKind);

        // The other pipeline's watcher heard nothing of this deal (it would have arrived by now: the same bus delivered the rest).
        while (elsewhere.TryRead(out var message))
        {
            Assert.NotEqual(deal.Id(), message.GetProperty("dealId").GetGuid());
        }
    }

    [Fact]
    public async Task Watchers_see_a_card_update_when_its_tasks_change()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await Tasks.TasksKit.TaskUserAsync(app);
        var deal = await manager.CreateDealAsync(pipeline, new { name = "Сделка с задачей" });
        await app.WaitForAsync("select exists (select 1 from tasks.deals where id = @Id)", new { Id = deal.Id() }, "Tasks' copy of the deal");
        await using var watcher = await WatchAsync(CrmApp.AdminEmail, CrmApp.AdminPassword, $"pipeline:{pipeline.Id}");

        var task = await Tasks.TasksKit.CreateCallAsync(manager, app, TimeSpan.FromDays(1), deal.Id());
        var planned = await watcher.NextAsync(About(deal.Id(), "updated"));
        Assert.Equal(1, planned.GetProperty("card").GetProperty("openTaskCount").GetInt32());
        Assert.Equal(task.GetProperty("dueAt").GetDateTimeOffset(), planned.GetProperty("card").GetProperty("nextTaskDue").GetDateTimeOffset());

        await (await manager.PostAsync($"/api/tasks/{task.Id()}/complete", new { result = "Готово" })).JsonAsync(HttpStatusCode.OK);
        var done = await watcher.NextAsync(About(deal.Id(), "updated"));
        Assert.Equal(0, done.GetProperty("card").GetProperty("openTaskCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("card").GetProperty("nextTaskDue").ValueKind);
    }

    [Fact]
    public async Task The_hub_refuses_anonymous_connections()
    {
        var server = app.Factory.Server;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/crm"), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
            })
            .Build();
        await using (connection)
        {
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        }
    }
}
