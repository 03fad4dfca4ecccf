using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Ical.Net;

namespace Crm.Tests.Integration.Tasks;

/// <summary>The private iCalendar feed (parsed back with Ical.Net), its token's rotation and revocation, and .ics import.</summary>
public sealed class TaskCalendarTests(CrmApp app) : IClassFixture<CrmApp>
{
    private async Task<HttpResponseMessage> FeedAsync(string path)
    {
        using var anonymous = app.Client();
        return await anonymous.GetAsync(path);
    }

    [Fact]
    public async Task A_password_reset_or_a_deactivation_ends_the_feed_for_good()
    {
        using var admin = await app.SignedInAsync();
        var (reset, resetId) = await app.TaskUserAsync();
        var (blocked, blockedId) = await app.TaskUserAsync();
        var resetPath = (await (await reset.PostAsync("/api/tasks/calendar/token")).JsonAsync(HttpStatusCode.OK)).Text("path");
        var blockedPath = (await (await blocked.PostAsync("/api/tasks/calendar/token")).JsonAsync(HttpStatusCode.OK)).Text("path");
        Assert.Equal(HttpStatusCode.OK, (await FeedAsync(resetPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FeedAsync(blockedPath)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent,
            (await admin.PostAsync($"/api/identity/users/{resetId}/reset-password", new { password = "a-new-password-1" })).StatusCode);
        await (await admin.PostAsync($"/api/identity/users/{blockedId}/deactivate")).JsonAsync(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/identity/users/{blockedId}/activate")).JsonAsync(HttpStatusCode.OK);

        await Eventually.TrueAsync(async () => (await FeedAsync(resetPath)).StatusCode == HttpStatusCode.NotFound, "the reset user's feed is gone");
        // Re-activated and its activation handled: the feed revoked on deactivation stays gone. (Active alone was
        // true before the deactivation too: only a copy that is active with its credentials revoked is the activation's.)
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            await using var command = db.CreateCommand();
            command.CommandText = $"select active and credentials_revoked_at is not null from tasks.users where id = '{blockedId}'";
            return await command.ExecuteScalarAsync() is true;
        }, "the activation reached Tasks");
        await (await FeedAsync(blockedPath)).ProblemAsync(HttpStatusCode.NotFound);
        reset.Dispose();
        blocked.Dispose();
    }

    [Fact]
    public async Task The_feed_holds_the_users_tasks_as_events_and_a_revoked_or_replaced_address_is_gone()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var (colleague, _) = await app.TaskUserAsync();
        var dealId = await app.DealAsync(managerId, "Сделка в календаре");
        var due = new DateTimeOffset(app.Clock.GetUtcNow().AddDays(2).UtcDateTime.Date.AddHours(9), TimeSpan.Zero);
        var timed = await manager.CreateTaskAsync(new { typeId = TasksKit.Meeting, text = "Встреча у клиента", dueAt = due, durationMinutes = 90, linkKind = "deal", linkId = dealId });
        var day = DateOnly.FromDateTime(due.UtcDateTime).AddDays(1);
        var allDay = await manager.CreateTaskAsync(new { typeId = TasksKit.Other, text = "Отчёт", allDay = true, dueDate = day });
        var done = await manager.CreateCallAsync(app);
        await (await manager.PostAsync($"/api/tasks/{done.Id()}/complete", new { result = "Дозвонился" })).JsonAsync(HttpStatusCode.OK);
        await colleague.CreateCallAsync(app, text: "Чужая задача");

        var token = await (await manager.PostAsync("/api/tasks/calendar/token")).JsonAsync(HttpStatusCode.OK);
        var path = token.Text("path");
        Assert.Equal($"/api/tasks/calendar/{token.Text("token")}.ics", path);
        Assert.EndsWith(path, token.Text("url"));

        var response = await FeedAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var calendar = Calendar.Load(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(3, calendar.Events.Count);

        var meeting = Assert.Single(calendar.Events, e => e.Uid == $"{timed.Id()}@crm-tasks");
        Assert.Equal("Встреча: Встреча у клиента", meeting.Summary);
        Assert.Equal(due.UtcDateTime, meeting.DtStart!.AsUtc);
        Assert.Equal(due.AddMinutes(90).UtcDateTime, meeting.DtEnd!.AsUtc);
        Assert.Contains("Сделка в календаре", meeting.Description);
        var report = Assert.Single(calendar.Events, e => e.Uid == $"{allDay.Id()}@crm-tasks");
        Assert.True(report.IsAllDay);
        Assert.Equal(day, report.DtStart!.Date);
        var call = Assert.Single(calendar.Events, e => e.Uid == $"{done.Id()}@crm-tasks");
        Assert.StartsWith("✓ ", call.Summary);
        Assert.Contains("Дозвонился", call.Description);

        var replaced = await (await manager.PostAsync("/api/tasks/calendar/token")).JsonAsync(HttpStatusCode.OK);
        await (await FeedAsync(path)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await FeedAsync(replaced.Text("path"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync("/api/tasks/calendar/token")).StatusCode);
        await (await FeedAsync(replaced.Text("path"))).ProblemAsync(HttpStatusCode.NotFound);
        await (await FeedAsync($"/api/tasks/calendar/{new string('0', 64)}.ics")).ProblemAsync(HttpStatusCode.NotFound);
    }

    private static MultipartFormDataContent IcsFile(string content)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/calendar");
        return new MultipartFormDataContent { { file, "file", "import.ics" } };
    }

    [Fact]
    public async Task An_ics_file_becomes_the_users_tasks_and_a_bad_file_is_refused()
    {
        var (manager, managerId) = await app.TaskUserAsync();
        var now = app.Clock.GetUtcNow();
        string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'");
        var tomorrow = now.AddDays(1);
        var nextWeek = DateOnly.FromDateTime(now.UtcDateTime).AddDays(7);
        var ics = $"""
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Test//Import//EN
            BEGIN:VEVENT
            UID:one@test
            DTSTAMP:{Stamp(now)}
            DTSTART:{Stamp(tomorrow)}
            DTEND:{Stamp(tomorrow.AddMinutes(45))}
            SUMMARY:Встреча с дилером
            END:VEVENT
            BEGIN:VEVENT
            UID:two@test
            DTSTAMP:{Stamp(now)}
            DTSTART;VALUE=DATE:{nextWeek:yyyyMMdd}
            SUMMARY:Выставка
            END:VEVENT
            BEGIN:VTODO
            UID:three@test
            DTSTAMP:{Stamp(now)}
            DUE:{Stamp(tomorrow.AddHours(3))}
            SUMMARY:Отправить договор
            END:VTODO
            BEGIN:VEVENT
            UID:past@test
            DTSTAMP:{Stamp(now)}
            DTSTART:{Stamp(now.AddDays(-30))}
            SUMMARY:Давно прошло
            END:VEVENT
            BEGIN:VEVENT
            UID:untitled@test
            DTSTAMP:{Stamp(now)}
            DTSTART:{Stamp(tomorrow)}
            END:VEVENT
            END:VCALENDAR
            """.Replace("\n", "\r\n");

        var result = await (await manager.Http.PostAsync("/api/tasks/import", IcsFile(ics))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, result.GetProperty("imported").GetInt32());
        Assert.Equal(2, result.GetProperty("skipped").GetInt32());

        var from = Uri.EscapeDataString(now.ToString("O"));
        var to = Uri.EscapeDataString(now.AddDays(10).ToString("O"));
        var items = (await (await manager.GetAsync($"/api/tasks?view=range&from={from}&to={to}&responsibleId={managerId}")).JsonAsync(HttpStatusCode.OK)).Items();
        Assert.Equal(["Встреча с дилером", "Отправить договор", "Выставка"], items.Select(i => i.Text("text")));
        Assert.Equal(45, items[0].GetProperty("durationMinutes").GetInt32());
        Assert.Equal("Встреча", items[0].Text("typeName"));
        Assert.Equal(new DateTimeOffset(tomorrow.UtcDateTime.AddTicks(-(tomorrow.UtcTicks % TimeSpan.TicksPerSecond)), TimeSpan.Zero),
            items[0].GetProperty("dueAt").GetDateTimeOffset());
        Assert.True(items[2].GetProperty("allDay").GetBoolean());
        Assert.Equal(nextWeek.ToString("yyyy-MM-dd"), items[2].Text("dueDate"));
        Assert.All(items, i => Assert.Equal(managerId, i.GuidOf("responsibleId")));

        Assert.NotEmpty((await (await manager.Http.PostAsync("/api/tasks/import", IcsFile("это не календарь")))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("file"));
        Assert.NotEmpty((await (await manager.Http.PostAsync("/api/tasks/import", new MultipartFormDataContent { { new StringContent("x"), "other" } }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("file"));
    }

    [Fact]
    public async Task The_admin_adds_renames_and_deletes_task_types_managers_only_read_them()
    {
        var (manager, _) = await app.TaskUserAsync();
        using var admin = await app.SignedInAsync();
        var types = await (await manager.GetAsync("/api/tasks/types")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["call", "meeting", "letter", "other"], types.EnumerateArray().Take(4).Select(t => t.Text("code")));
        Assert.Equal("Звонок", types[0].Text("name"));

        await (await manager.PostAsync("/api/tasks/types", new { nameRu = "Отправить КП" })).ProblemAsync(HttpStatusCode.Forbidden);
        var type = await (await admin.PostAsync("/api/tasks/types", new { nameRu = "Отправить КП", nameEn = "Send a quote" })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("Отправить КП", type.Text("name"));
        Assert.NotEmpty((await (await admin.PostAsync("/api/tasks/types", new { nameRu = "отправить кп" })).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("nameRu"));
        Assert.NotEmpty((await (await admin.PostAsync("/api/tasks/types", new { nameRu = "" })).ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("nameRu"));

        var renamed = await (await admin.PutAsync($"/api/tasks/types/{type.Id()}", new { nameRu = "Отправить предложение", version = 1 })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Отправить предложение", renamed.Text("nameEn"));
        await (await admin.PutAsync($"/api/tasks/types/{type.Id()}", new { nameRu = "Снова", version = 1 })).ProblemAsync(HttpStatusCode.Conflict);

        var task = await manager.CreateTaskAsync(new { typeId = type.Id(), text = "КП для дилера", dueAt = app.Clock.GetUtcNow().AddDays(1) });
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tasks/types/{type.Id()}")).StatusCode);
        Assert.DoesNotContain((await (await manager.GetAsync("/api/tasks/types")).JsonAsync(HttpStatusCode.OK)).EnumerateArray(), t => t.Id() == type.Id());
        Assert.Equal("Отправить предложение", (await (await manager.GetAsync($"/api/tasks/{task.Id()}")).JsonAsync(HttpStatusCode.OK)).Text("typeName"));
        Assert.NotEmpty((await (await manager.PostAsync("/api/tasks", new { typeId = type.Id(), text = "Ещё КП", dueAt = app.Clock.GetUtcNow().AddDays(1) }))
            .ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("typeId"));
        await (await admin.DeleteAsync($"/api/tasks/types/{TasksKit.Call}")).ProblemAsync(HttpStatusCode.Conflict);
    }
}
