using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Inbox;

/// <summary>Who covers which regions, and the announcement of a new request to them, or to everyone.</summary>
public sealed class RegionsTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task An_admin_sets_a_users_regions_folded_to_one_per_key_and_everyone_reads_them()
    {
        var (manager, managerId) = await app.UserAsync();
        using var admin = await app.SignedInAsync();
        var set = await (await admin.PutAsync($"/api/inbox/regions/{managerId}",
            new { regions = new[] { " Свердловская область ", "свердловская обл.", "Пермский край" } })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["Пермский край", "Свердловская область"], set.GetProperty("regions").EnumerateArray().Select(r => r.GetString()));

        var list = await (await manager.GetAsync("/api/inbox/regions")).JsonAsync(HttpStatusCode.OK);
        var mine = list.EnumerateArray().Single(u => u.IdOf("userId") == managerId);
        Assert.Equal(2, mine.GetProperty("regions").GetArrayLength());

        await (await manager.PutAsync($"/api/inbox/regions/{managerId}", new { regions = new[] { "Москва" } })).ProblemAsync(HttpStatusCode.Forbidden);
        var unknown = await (await admin.PutAsync($"/api/inbox/regions/{Guid.NewGuid()}", new { regions = new[] { "Москва" } })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Нет такого активного пользователя"], unknown.FieldErrors("userId"));
        var blank = await (await admin.PutAsync($"/api/inbox/regions/{managerId}", new { regions = new[] { " ", "..." } })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(blank.FieldErrors("regions[0]"));
    }

    [Fact]
    public async Task A_request_from_a_covered_region_is_announced_to_its_managers_only_and_one_from_nowhere_to_everyone()
    {
        var pipeline = await app.SalesPipelineAsync();
        var (_, coveringId) = await app.UserAsync();
        var (_, otherId) = await app.UserAsync();
        using var admin = await app.SignedInAsync();
        await (await admin.PutAsync($"/api/inbox/regions/{coveringId}", new { regions = new[] { "Свердловская область" } })).JsonAsync(HttpStatusCode.OK);
        var covering = await ListenerAsync(admin, coveringId);
        var other = await ListenerAsync(admin, otherId);
        await using (covering)
        await using (other)
        {
            // +7 343 is Yekaterinburg: «Свердловская обл», which the manager covers. The announcement reaches
            // them as the bell's notification (Messaging keeps it from InboxRequestAnnounced).
            var fromRegion = await admin.SubmitAsync(pipeline, new { Phones = new[] { "+7 343 000-11-22" } });
            var toCovering = (await covering.NextAsync(IsRequest)).GetProperty("notification");
            Assert.Equal(fromRegion.IdOf("id"), toCovering.IdOf("linkId"));
            Assert.True(toCovering.GetProperty("data").GetProperty("inYourRegion").GetBoolean());

            // A mobile number names no region: everyone hears of it. The other manager's first request notice
            // is this one, so they did not hear of the first.
            var fromNowhere = await admin.SubmitAsync(pipeline, new { Phones = new[] { "+7 916 000-11-22" } });
            Assert.Equal(fromNowhere.IdOf("id"), (await other.NextAsync(IsRequest)).GetProperty("notification").IdOf("linkId"));
            var second = (await covering.NextAsync(IsRequest)).GetProperty("notification");
            Assert.Equal(fromNowhere.IdOf("id"), second.IdOf("linkId"));
            Assert.False(second.GetProperty("data").GetProperty("inYourRegion").GetBoolean());
        }
    }

    private static bool IsRequest(JsonElement pushed) => pushed.GetProperty("notification").GetProperty("kind").GetString() == "inboxRequest";

    /// <summary>The user's browser, listening for announcements on their own topic (their password is reset to a known one).</summary>
    private async Task<HubListener> ListenerAsync(CrmClient admin, Guid userId)
    {
        var users = await (await admin.GetAsync("/api/identity/users")).JsonAsync(HttpStatusCode.OK);
        var email = users.EnumerateArray().Single(u => u.IdOf("id") == userId).Str("email")!;
        return await HubListener.ConnectAsync(app, email, DealsKit.ManagerPassword, "notification");
    }
}
