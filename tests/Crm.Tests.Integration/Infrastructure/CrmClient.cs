using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Crm.Tests.Integration.Infrastructure;

/// <summary>An HTTP client of the CRM API with the few calls every test needs.</summary>
public sealed class CrmClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        await Http.GetAsync("/api/identity/session"); // as the app does on start: gets the XSRF cookie
        return await Http.PostAsJsonAsync("/api/identity/sign-in", new { email, password });
    }

    public Task<HttpResponseMessage> GetAsync(string url) => Http.GetAsync(url);

    public Task<HttpResponseMessage> PostAsync(string url, object? body = null) =>
        body is null ? Http.PostAsync(url, null) : Http.PostAsJsonAsync(url, body);

    public Task<HttpResponseMessage> PutAsync(string url, object body) => Http.PutAsJsonAsync(url, body);

    public Task<HttpResponseMessage> DeleteAsync(string url) => Http.DeleteAsync(url);

    public void Dispose() => Http.Dispose();
}

public static class HttpAssertions
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var json = await response.JsonAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, json.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", json.ToString()); // never a stack trace
        return json;
    }

    public static string[] FieldErrors(this JsonElement problem, string field) =>
        problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!).ToArray();
}
