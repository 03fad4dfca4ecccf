using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Directory;

/// <summary>What the Directory tests share: fresh phone numbers, companies and contacts through HTTP, outbox rows.</summary>
public static class DirectoryKit
{
    /// <summary>
    /// Ten digits of a Moscow mobile nobody else in the test run has: "916" and seven random digits,
    /// the first not an 8: searching by those seven, a leading 8 is read as the trunk prefix (8 → 7).
    /// </summary>
    public static string NewMobile() => "916" + Random.Shared.Next(0, 8_000_000).ToString("D7");

    /// <summary>A fresh ИНН of ten digits.</summary>
    public static string NewTaxId() => Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString();

    public static string Unique(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";

    public static Task<HttpResponseMessage> PostCompanyAsync(this CrmClient client, object body) =>
        client.PostAsync("/api/directory/companies", body);

    public static async Task<JsonElement> CreateCompanyAsync(this CrmClient client, object body) =>
        await (await client.PostCompanyAsync(body)).JsonAsync(HttpStatusCode.Created);

    public static async Task<JsonElement> CreateContactAsync(this CrmClient client, object body) =>
        await (await client.PostAsync("/api/directory/contacts", body)).JsonAsync(HttpStatusCode.Created);

    public static async Task<JsonElement> CompanyAsync(this CrmClient client, Guid id) =>
        await (await client.GetAsync($"/api/directory/companies/{id}")).JsonAsync(HttpStatusCode.OK);

    public static async Task<JsonElement> ContactAsync(this CrmClient client, Guid id) =>
        await (await client.GetAsync($"/api/directory/contacts/{id}")).JsonAsync(HttpStatusCode.OK);

    public static async Task<IReadOnlyList<JsonElement>> SuggestAsync(this CrmClient client, string q, string? kind = null, int? limit = null)
    {
        var url = $"/api/directory/suggest?q={Uri.EscapeDataString(q)}"
            + (kind is null ? "" : $"&kind={kind}") + (limit is null ? "" : $"&limit={limit}");
        return (await (await client.GetAsync(url)).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
    }

    public static IEnumerable<string> Strings(this JsonElement array, string property) =>
        array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!);

    /// <summary>
    /// Payloads of the outbox rows of a Directory event type about the company or contact <paramref name="id"/>
    /// (its aggregate; for a merge, the merged one), oldest first. <paramref name="_"/> only says which kind it is, for the reader.
    /// </summary>
    public static async Task<IReadOnlyList<JsonElement>> DirectoryOutboxAsync(this CrmApp app, string eventName, Guid id, string _ = "company")
    {
        await using var db = await app.OpenDatabaseAsync();
        var payloads = await db.QueryAsync<string>(
            "select payload::text from bus.outbox where event_type = @Type and aggregate_id = @id order by created_at, occurred_at, id",
            new { Type = $"Crm.Modules.Directory.Contracts.{eventName}", id });
        return payloads.Select(p => JsonDocument.Parse(p).RootElement.Clone()).ToList();
    }
}
