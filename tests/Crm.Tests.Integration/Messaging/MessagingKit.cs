using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Messaging;

/// <summary>What the Messaging tests share: reading a card's feed and a user's notifications, and waiting for them.</summary>
public static class MessagingKit
{
    public static async Task<JsonElement> FeedAsync(this CrmClient client, string kind, Guid id, string query = "") =>
        await (await client.GetAsync($"/api/messaging/feed/{kind}/{id}{query}")).JsonAsync(HttpStatusCode.OK);

    /// <summary>Waits until the card's feed has an entry of the type (matching <paramref name="match"/> when given), and returns it.</summary>
    public static async Task<JsonElement> WaitForEntryAsync(this CrmClient client, string kind, Guid id, string type, Func<JsonElement, bool>? match = null)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            var items = (await client.FeedAsync(kind, id)).GetProperty("items").EnumerateArray();
            var entry = items.Where(e => e.GetProperty("type").GetString() == type && (match?.Invoke(e) ?? true)).ToList();
            if (entry.Count == 0)
            {
                return false;
            }
            found = entry[0];
            return true;
        }, $"a {type} entry in the feed of {kind} {id}");
        return found;
    }

    /// <summary>The types of the card's feed, newest first.</summary>
    public static async Task<IReadOnlyList<string>> TypesAsync(this CrmClient client, string kind, Guid id) =>
        (await client.FeedAsync(kind, id, "?limit=200")).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToList();

    public static async Task<JsonElement> NotificationsAsync(this CrmClient client, bool unread = false) =>
        await (await client.GetAsync($"/api/messaging/notifications{(unread ? "?unread=true" : "")}")).JsonAsync(HttpStatusCode.OK);

    /// <summary>Waits until the user has a notification of the kind (matching when given), and returns it.</summary>
    public static async Task<JsonElement> WaitForNotificationAsync(this CrmClient client, string kind, Func<JsonElement, bool>? match = null)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            var items = (await client.NotificationsAsync()).GetProperty("items").EnumerateArray()
                .Where(n => n.GetProperty("kind").GetString() == kind && (match?.Invoke(n) ?? true)).ToList();
            if (items.Count == 0)
            {
                return false;
            }
            found = items[0];
            return true;
        }, $"a {kind} notification");
        return found;
    }

    public static string Name(this JsonElement page, Guid id) => page.GetProperty("names").GetProperty(id.ToString()).GetString()!;

    public static JsonElement Data(this JsonElement entry) => entry.GetProperty("data");
}
