using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Tasks.Contracts;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Crm.Tests.Integration.Tasks;

/// <summary>What the Tasks tests share: users and deals Tasks has heard of, tasks, outbox rows, the clock.</summary>
public static class TasksKit
{
    public static readonly Guid Call = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    public static readonly Guid Meeting = Guid.Parse("0193a000-0000-7000-8000-000000000002");
    public static readonly Guid Other = Guid.Parse("0193a000-0000-7000-8000-000000000004");

    /// <summary>A task's state as Tasks would publish it, for task events fed straight to the bus.</summary>
    public static TaskState StateOf(
        Guid taskId, int version, DateTimeOffset dueAt, Guid responsibleId, Guid? dealId = null, Guid? companyId = null, Guid? contactId = null,
        string status = TaskStatuses.Open, string text = "Позвонить") =>
        new(taskId, version, Call, text, dueAt, false, responsibleId, dealId, companyId, contactId, status);

    /// <summary>A new signed-in user, once Tasks' copy has them (from UserCreated).</summary>
    public static async Task<(CrmClient Client, Guid Id)> TaskUserAsync(this CrmApp app, string role = "Manager")
    {
        var user = await app.UserAsync(role);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<bool>("select exists (select 1 from tasks.users where id = @Id)", new { user.Id });
        }, "Tasks' copy of the user");
        return user;
    }

    /// <summary>The admin's id.</summary>
    public static async Task<Guid> AdminIdAsync(this CrmApp app)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<Guid>("select id from identity.users where email = @Email", new { Email = CrmApp.AdminEmail });
    }

    /// <summary>Changes the user's settings through Identity and waits for Tasks' copy.</summary>
    public static async Task SetZoneAsync(this CrmApp app, CrmClient client, Guid userId, string timeZone, int leadMinutes = 30)
    {
        await (await client.PutAsync("/api/identity/me/settings", new { language = "ru", timeZone, reminderLeadMinutes = leadMinutes }))
            .JsonAsync(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<bool>(
                "select exists (select 1 from tasks.users where id = @userId and time_zone = @timeZone and reminder_lead_minutes = @leadMinutes)",
                new { userId, timeZone, leadMinutes });
        }, "Tasks' copy of the settings");
    }

    /// <summary>A deal as Deals would announce it (DealCreated through the real bus), once Tasks' copy has it.</summary>
    public static async Task<Guid> DealAsync(this CrmApp app, Guid responsibleId, string name = "Поставка дилеру")
    {
        var dealId = Guid.NewGuid();
        await app.PublishAsync(new DealCreated(DealsKit.StateOf(dealId, 1, Guid.NewGuid(), pipelineId: Guid.NewGuid(), responsibleId: responsibleId, name: name), responsibleId));
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<bool>("select exists (select 1 from tasks.deals where id = @dealId)", new { dealId });
        }, "Tasks' copy of the deal");
        return dealId;
    }

    public static async Task<JsonElement> CreateTaskAsync(this CrmClient client, object body) =>
        await (await client.PostAsync("/api/tasks", body)).JsonAsync(HttpStatusCode.Created);

    /// <summary>A call due in <paramref name="from"/> (default a day) from the app's clock, optionally on a deal.</summary>
    public static Task<JsonElement> CreateCallAsync(this CrmClient client, CrmApp app, TimeSpan? from = null, Guid? dealId = null, string text = "Позвонить клиенту") =>
        client.CreateTaskAsync(new
        {
            typeId = Call,
            text,
            dueAt = app.Clock.GetUtcNow() + (from ?? TimeSpan.FromDays(1)),
            linkKind = dealId is null ? null : "deal",
            linkId = dealId,
        });

    /// <summary>Payloads of the outbox rows of a Tasks event about one task (its <c>task</c> state's id), oldest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> TaskOutboxAsync(this CrmApp app, string eventName, Guid taskId)
    {
        await using var db = await app.OpenDatabaseAsync();
        var payloads = await db.QueryAsync<string>(
            "select payload::text from bus.outbox where event_type = @Type and payload->'task'->>'taskId' = @Task order by occurred_at, id",
            new { Type = $"Crm.Modules.Tasks.Contracts.{eventName}", Task = taskId.ToString() });
        return payloads.Select(p => JsonDocument.Parse(p).RootElement.Clone()).ToList();
    }

    /// <summary>Moves the app's clock forward to the next moment it is <paramref name="local"/> o'clock in the zone.</summary>
    public static DateTimeOffset MoveClockTo(this CrmApp app, string timeZone, TimeOnly local)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var now = app.Clock.GetUtcNow();
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        for (var day = today; ; day = day.AddDays(1))
        {
            var wall = day + local.ToTimeSpan();
            var target = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(wall, zone), TimeSpan.Zero);
            if (target > now)
            {
                app.Clock.Advance(target - now);
                return target;
            }
        }
    }

    /// <summary>
    /// A real SignalR client of the hub, signed in as <paramref name="client"/>'s user (a manager's
    /// password), collecting the messages of <paramref name="method"/>; it watches <paramref name="topic"/> when given.
    /// </summary>
    public static async Task<HubListener> ListenAsync(this CrmApp app, CrmClient client, string method, string? topic = null)
    {
        var me = await (await client.GetAsync("/api/identity/me")).JsonAsync(HttpStatusCode.OK);
        return await HubListener.ConnectAsync(app, me.Text("email"), DealsKit.ManagerPassword, method, topic);
    }

    public static Guid GuidOf(this JsonElement json, string property) => json.GetProperty(property).GetGuid();

    public static IReadOnlyList<JsonElement> Items(this JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    public static IReadOnlyList<Guid> Ids(this JsonElement page) => page.Items().Select(i => i.Id()).ToList();
}
