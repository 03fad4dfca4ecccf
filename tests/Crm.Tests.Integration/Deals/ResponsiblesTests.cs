using System.Net;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// A deal is given only to an active user (issue 10, item 7): Deals checks the responsible against its own
/// copy of users (CopyUsers, from Identity's state events), on create (quick add too) and on assign, and a
/// user created a moment ago, whose event the copy has not taken yet, is waited for.
/// </summary>
public sealed class ResponsiblesTests(CrmApp app) : IClassFixture<CrmApp>
{
    private const string Refused = "Ответственный не найден или отключён";

    [Fact]
    public async Task An_id_that_is_no_user_is_refused_on_create_and_assign_and_nothing_changes()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline);
        var before = await SnapshotAsync();
        var nobody = Guid.NewGuid();

        var create = await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = pipeline.First, name = "Никому", responsibleId = nobody }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([Refused], create.FieldErrors("responsibleId"));
        var assign = await (await admin.PostAsync($"/api/deals/{deal.Id()}/assign", new { responsibleId = nobody, version = deal.Version() }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([Refused], assign.FieldErrors("responsibleId"));

        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var english = await (await admin.PostAsync($"/api/deals/{deal.Id()}/assign", new { responsibleId = nobody }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["The responsible user does not exist or is deactivated"], english.FieldErrors("responsibleId"));

        Assert.Equal(before, await SnapshotAsync());
        var read = await admin.DealAsync(deal.Id());
        Assert.Equal(deal.GetProperty("responsibleId").GetGuid(), read.GetProperty("responsibleId").GetGuid());
        Assert.Equal(1, read.Version());
    }

    [Fact]
    public async Task A_deactivated_user_is_refused_on_create_and_assign()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var (_, leaverId) = await app.UserAsync();
        var deal = await admin.CreateDealAsync(pipeline);
        await (await admin.PostAsync($"/api/identity/users/{leaverId}/deactivate")).JsonAsync(HttpStatusCode.OK);

        // At once: the deactivation's event is waited for, not read from a copy that still says active.
        var assign = await (await admin.PostAsync($"/api/deals/{deal.Id()}/assign", new { responsibleId = leaverId }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([Refused], assign.FieldErrors("responsibleId"));
        var create = await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = pipeline.First, responsibleId = leaverId }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([Refused], create.FieldErrors("responsibleId"));
        Assert.Empty(await app.OutboxAsync("DealAssigned", deal.Id()));

        // Back at work, they may have deals again.
        await (await admin.PostAsync($"/api/identity/users/{leaverId}/activate")).JsonAsync(HttpStatusCode.OK);
        var given = await (await admin.PostAsync($"/api/deals/{deal.Id()}/assign", new { responsibleId = leaverId })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(leaverId, given.GetProperty("responsibleId").GetGuid());
    }

    [Fact]
    public async Task A_deal_whose_responsible_has_since_left_is_still_saved_and_moved()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var (_, leaverId) = await app.UserAsync();
        var deal = await admin.CreateDealAsync(pipeline, new { responsibleId = leaverId });
        await (await admin.PostAsync($"/api/identity/users/{leaverId}/deactivate")).JsonAsync(HttpStatusCode.OK);

        // Only a change of responsible is checked: the same one sent back is no change.
        await (await admin.PostAsync($"/api/deals/{deal.Id()}/assign", new { responsibleId = leaverId })).JsonAsync(HttpStatusCode.OK);
        var saved = await (await admin.PutAsync($"/api/deals/{deal.Id()}", new { name = "Сохраняется", version = deal.Version() })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(leaverId, saved.GetProperty("responsibleId").GetGuid());
        await (await admin.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.Second })).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_user_created_a_moment_ago_is_waited_for_and_given_the_deal()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline);

        // Deals' copy of users lags: the new user's UserCreated stays pending until the hold goes.
        await using var held = await HeldCopy.HoldAsync(app, "deals.users");
        var (_, newcomerId) = await app.UserAsync();
        await using (var db = await app.OpenDatabaseAsync())
        {
            Assert.False(await db.ExecuteScalarAsync<bool>("select exists (select 1 from deals.users where id = @newcomerId)", new { newcomerId }));
        }

        var since = await held.NowAsync();
        var assign = admin.PostAsync($"/api/deals/{deal.Id()}/assign", new { responsibleId = newcomerId, version = deal.Version() });
        var assigned = await (await held.ReleaseOnceWaitedForAsync(assign, since)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(newcomerId, assigned.GetProperty("responsibleId").GetGuid());
    }

    /// <summary>What a refused change must leave as it was: the deals, the number counter and the outbox.</summary>
    private async Task<(long Deals, long LastNumber, long Outbox)> SnapshotAsync()
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.QuerySingleAsync<(long, long, long)>(
            """
            select (select count(*) from deals.deals), (select last_number from deals.deal_numbers),
                   (select count(*) from bus.outbox where event_type like 'Crm.Modules.Deals.%')
            """);
    }
}
