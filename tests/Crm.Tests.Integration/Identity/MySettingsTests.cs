using System.Net;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Identity;

public sealed class MySettingsTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_user_changes_language_time_zone_and_reminder_lead_time()
    {
        using var client = await app.SignedInAsync();
        var settings = await (await client.PutAsync("/api/identity/me/settings",
            new { language = "en", timeZone = "Asia/Yekaterinburg", reminderLeadMinutes = 60 })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("en", settings.GetProperty("language").GetString());

        var me = await (await client.GetAsync("/api/identity/me")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Asia/Yekaterinburg", me.GetProperty("settings").GetProperty("timeZone").GetString());
        Assert.Equal(60, me.GetProperty("settings").GetProperty("reminderLeadMinutes").GetInt32());

        await using var db = await app.OpenDatabaseAsync();
        Assert.True(await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from bus.outbox where event_type = 'Crm.Modules.Identity.Contracts.UserSettingsChanged' and payload->'user'->>'timeZone' = 'Asia/Yekaterinburg')"));
    }

    [Fact]
    public async Task Unknown_language_or_time_zone_and_absurd_lead_times_are_refused_in_the_callers_language()
    {
        using var client = await app.SignedInAsync();
        client.Http.DefaultRequestHeaders.Add("Accept-Language", "en");
        var problem = await (await client.PutAsync("/api/identity/me/settings",
            new { language = "de", timeZone = "Mars/Olympus", reminderLeadMinutes = -5 })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Check the data you entered", problem.GetProperty("title").GetString());
        Assert.Equal(["Language must be ru or en"], problem.FieldErrors("language"));
        Assert.Equal(["Unknown time zone"], problem.FieldErrors("timeZone"));
        Assert.NotEmpty(problem.FieldErrors("reminderLeadMinutes"));

        await (await client.PutAsync("/api/identity/me/settings",
            new { language = "ru", timeZone = "Europe/Moscow", reminderLeadMinutes = 100_000 })).ProblemAsync(HttpStatusCode.BadRequest);
    }
}
