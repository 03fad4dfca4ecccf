using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Inbox;

/// <summary>What the web form tests share: a form made by the admin, and posts from the outside.</summary>
public static class FormsKit
{
    public const string Site = "https://example.ru";

    /// <summary>
    /// A form into the pipeline: name and phone required, e-mail and message optional, posted from
    /// <see cref="Site"/>; <paramref name="settings"/> override these (camelCase names).
    /// </summary>
    public static async Task<JsonElement> FormAsync(this CrmClient admin, InboxPipeline pipeline, object? settings = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = "Заявка с сайта",
            ["pipelineId"] = pipeline.Id,
            ["fields"] = new { contactName = "required", phone = "required", email = "optional", message = "optional" },
            ["allowedOrigins"] = new[] { Site },
            ["thankYou"] = "Спасибо! Мы перезвоним.",
        };
        foreach (var p in settings?.GetType().GetProperties() ?? [])
        {
            body[p.Name] = p.GetValue(settings);
        }
        return await (await admin.PostAsync("/api/inbox/forms", body)).JsonAsync(HttpStatusCode.Created);
    }

    public static string SubmissionsOf(string key) => $"/api/inbox/forms/{key}/submissions";

    /// <summary>A post from outside: no cookie, no antiforgery token; with the <c>Origin</c> a browser sends, when given.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this CrmApp app, string key, HttpContent content, string? origin = null, string? forwardedFor = null)
    {
        using var client = app.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, SubmissionsOf(key)) { Content = content };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        return await client.SendAsync(request);
    }

    /// <summary>The snippet's script's post: JSON.</summary>
    public static Task<HttpResponseMessage> PostJsonAsync(this CrmApp app, string key, object fields, string? origin = null, string? forwardedFor = null) =>
        app.PostFormAsync(key, JsonContent.Create(fields), origin, forwardedFor);

    /// <summary>A browser without script: form-encoded, asking for a page.</summary>
    public static Task<HttpResponseMessage> PostPlainFormAsync(this CrmApp app, string key, IEnumerable<KeyValuePair<string, string>> fields, string? origin = null)
    {
        var content = new FormUrlEncodedContent(fields);
        return app.PostFormAsync(key, content, origin);
    }

    /// <summary>The exact text of a body, as sent.</summary>
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The requests filed in a pipeline, newest first: (id, source, subject, raw, raw type).</summary>
    public static async Task<List<(Guid Id, string Source, string? Subject, string Raw, string RawType)>> RequestsInAsync(this CrmApp app, InboxPipeline pipeline)
    {
        await using var db = await app.OpenDatabaseAsync();
        return (await db.QueryAsync<(Guid, string, string?, string, string)>(
            "select id, source, subject, raw, raw_type from inbox.requests where pipeline_id = @Id order by received_at desc, id desc", new { pipeline.Id }))
            .ToList();
    }
}
