using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Tables;

/// <summary>Uploads for the import tests: CSV built here, sent as the browser sends a form.</summary>
public static class ImportsKit
{
    public static byte[] Utf8Csv(string text) => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)];

    public static Task<HttpResponseMessage> PostImportAsync(
        this CrmClient client, string url, byte[] file, string table, object? mapping = null, string? duplicates = null, string? encoding = null,
        string fileName = "contacts.csv")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", fileName);
        form.Add(new StringContent(table), "table");
        if (mapping is not null)
        {
            form.Add(new StringContent(JsonSerializer.Serialize(mapping)), "mapping");
        }
        if (duplicates is not null)
        {
            form.Add(new StringContent(duplicates), "duplicates");
        }
        if (encoding is not null)
        {
            form.Add(new StringContent(encoding), "encoding");
        }
        return client.Http.PostAsync(url, form);
    }

    public static async Task<Guid> StartImportAsync(this CrmClient client, byte[] file, string table, object mapping, string duplicates = "skip")
    {
        var started = await (await client.PostImportAsync("/api/directory/imports", file, table, mapping, duplicates)).JsonAsync(HttpStatusCode.Accepted);
        return started.GetProperty("id").GetGuid();
    }

    /// <summary>The import once it has ended (done, cancelled or failed).</summary>
    public static async Task<JsonElement> EndedAsync(this CrmClient client, Guid id)
    {
        JsonElement last = default;
        await Eventually.TrueAsync(async () =>
        {
            last = await (await client.GetAsync($"/api/directory/imports/{id}")).JsonAsync(HttpStatusCode.OK);
            return last.GetProperty("status").GetString() is "done" or "cancelled" or "failed";
        }, "the import to end", TimeSpan.FromSeconds(300));
        return last;
    }
}
