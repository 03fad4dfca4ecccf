using System.Net;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Deals;

public sealed class AssignDealTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_manager_hands_their_deal_over_and_then_may_no_longer_change_it()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var (colleague, colleagueId) = await app.UserAsync();
        var deal = await manager.CreateDealAsync(pipeline);

        var assigned = await (await manager.PostAsync($"/api/deals/{deal.Id()}/assign", new { responsibleId = colleagueId, version = deal.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(colleagueId, assigned.GetProperty("responsibleId").GetGuid());
        Assert.Equal(2, assigned.Version());

        var e = Assert.Single(await app.OutboxAsync("DealAssigned", deal.Id()));
        Assert.Equal(managerId, e.GetProperty("fromResponsibleId").GetGuid());
        Assert.Equal(colleagueId, e.GetProperty("deal").GetProperty("responsibleId").GetGuid());
        Assert.Equal(2, e.GetProperty("deal").Version());
        Assert.Equal(managerId, e.GetProperty("assignedBy").GetGuid());

        await (await manager.PostAsync($"/api/deals/{deal.Id()}/assign", new { responsibleId = managerId })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await colleague.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.Second })).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Bad_input_stale_version_unknown_deal_and_anonymous()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var (_, managerId) = await app.UserAsync();
        var deal = await admin.CreateDealAsync(pipeline);

        var problem = await (await admin.PostAsync($"/api/deals/{deal.Id()}/assign", new { responsibleId = (Guid?)null })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("responsibleId"));
        await (await admin.PostAsync($"/api/deals/{deal.Id()}/assign", new { responsibleId = managerId, version = 99 })).ProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsync($"/api/deals/{Guid.NewGuid()}/assign", new { responsibleId = managerId })).ProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = app.Client();
        await anonymous.GetAsync("/api/identity/me");
        await (await anonymous.PostAsync($"/api/deals/{deal.Id()}/assign", new { responsibleId = managerId })).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await app.OutboxAsync("DealAssigned", deal.Id()));
    }
}
