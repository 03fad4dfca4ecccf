using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Xunit.Abstractions;

namespace Crm.Tests.Integration.Robustness;

/// <summary>
/// The bad-input corpus, generated from the app's own OpenAPI document so that a new endpoint is
/// covered the day it is added: for every operation, its route values, query parameters and JSON
/// body get wrong types, missing and null fields, nulls in lists, 100,000-character strings, NUL
/// and lone surrogates, RTL and zero-width text, impossible dates, overflowing numbers, unknown ids,
/// SQL and script payloads, malformed JSON and the wrong content type, sent as the admin (and
/// anonymously where the route answers strangers). Never a 5xx; every 4xx is a problem; after a
/// refusal the row counts of every module table (and the outbox) are what they were before.
/// Deterministic: a fixed seed picks at most <see cref="CasesPerOperation"/> cases per operation.
/// </summary>
public sealed class BadInputCorpusTests(CrmApp app, ITestOutputHelper output) : IClassFixture<CrmApp>
{
    private const int CasesPerOperation = 60;
    private const int Seed = 20261205;

    /// <summary>Operations the corpus leaves out, and why.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "POST /api/identity/sign-out", // would end the admin's session: every later case would be a 401
    };

    private static readonly string Long = new('я', 100_000);

    /// <summary>Strings as raw JSON literals, so that escapes (NUL, a lone surrogate) reach the server as sent.</summary>
    private static readonly (string Name, string Json)[] BadStrings =
    [
        ("nul", "\"a\\u0000b\""),
        ("lone high surrogate", "\"a\\ud800b\""),
        ("lone low surrogate", "\"\\udc00\""),
        ("100k chars", JsonSerializer.Serialize(Long)),
        ("rtl and zero-width", "\"\\u202e\\u200bабв\\u200d\\ufeff\""),
        ("sql", JsonSerializer.Serialize("x'); drop table directory.companies; --")),
        ("script", JsonSerializer.Serialize("<script>alert(1)</script><img src=x onerror=alert(1)>")),
        ("impossible date", "\"2024-02-30T25:61:00Z\""),
        ("empty", "\"\""),
    ];

    private static readonly (string Name, string Json)[] BadOthers =
    [
        ("null", "null"),
        ("overflowing number", "1e400"),
        ("huge integer", "99999999999999999999999999"),
        ("negative", "-2147483649"),
        ("number", "12345"),
        ("bool", "true"),
        ("object", "{\"a\":1}"),
        ("array with null", "[null]"),
        ("array", "[\"x\",1]"),
        ("unknown id", $"\"{Guid.NewGuid()}\""),
    ];

    private static readonly string[] BadQueryValues =
    [
        "a%00b", "%ED%A0%80", Uri.EscapeDataString(Long), "%E2%80%AE%E2%80%8Bx", Uri.EscapeDataString("' or 1=1 --"),
        Uri.EscapeDataString("<script>alert(1)</script>"), "2024-02-30", "99999999999999999999999", "-1", "abc", "",
    ];

    [Fact]
    public async Task No_bad_input_gives_a_5xx_or_changes_the_database()
    {
        using var admin = await app.SignedInAsync();
        using var anonymous = app.Client();
        await anonymous.GetAsync("/api/identity/me"); // the XSRF cookie, as the app gets it on start
        var document = JsonNode.Parse(await (await admin.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!;
        var tables = await TablesAsync();
        var random = new Random(Seed);
        var failures = new List<string>();
        var ran = 0;
        var operations = 0;
        foreach (var (path, item) in document["paths"]!.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var (method, operation) in item!.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var name = $"{method.ToUpperInvariant()} {path}";
                if (Skipped.Contains(name) || operation is null)
                {
                    continue;
                }
                operations++;
                var cases = CasesFor(document, method, path, operation).OrderBy(_ => random.Next()).Take(CasesPerOperation).ToList();
                // Anonymous too where the route answers strangers (not a 401 to its plainest request).
                var plain = await SendAsync(anonymous, cases[0]);
                var clients = plain.StatusCode == HttpStatusCode.Unauthorized ? new[] { admin } : [admin, anonymous];
                foreach (var client in clients)
                {
                    var who = client == admin ? "admin" : "anonymous";
                    var wrote = true;
                    foreach (var @case in cases)
                    {
                        if (wrote)
                        {
                            await SettleAsync(); // what an earlier success published is delivered before the counts are taken
                        }
                        var before = await CountsAsync(tables);
                        var response = await SendAsync(client, @case);
                        ran++;
                        var status = (int)response.StatusCode;
                        wrote = status < 400;
                        if (status >= 500)
                        {
                            failures.Add($"{name} [{who}] {@case.Name}: {status}");
                            continue;
                        }
                        if (status >= 400)
                        {
                            var type = response.Content.Headers.ContentType?.MediaType;
                            if (type != "application/problem+json")
                            {
                                failures.Add($"{name} [{who}] {@case.Name}: {status} without a problem body ({type})");
                            }
                            // A failed sign-in may count the attempt (401) and a limit its hits (429): those are not refusals of input.
                            if (status is not (401 or 429) && await WritesAsync() != before.Writes
                                && await CountAsync(tables) is var after && after != before.Text)
                            {
                                failures.Add($"{name} [{who}] {@case.Name}: {status} but row counts changed ({before.Text} → {after})");
                            }
                        }
                    }
                }
            }
        }
        output.WriteLine($"Bad-input corpus: {ran} cases over {operations} operations (seed {Seed}, at most {CasesPerOperation} per operation and caller).");
        Assert.True(failures.Count == 0, $"{failures.Count} of {ran} cases failed:\n{string.Join('\n', failures)}");
        Assert.True(operations > 30, $"only {operations} operations found in the OpenAPI document");
    }

    private sealed record Case(string Name, HttpMethod Method, string Url, HttpContent? Body);

    private static IEnumerable<Case> CasesFor(JsonNode document, string method, string path, JsonNode operation)
    {
        var http = new HttpMethod(method.ToUpperInvariant());
        var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
        var routeNames = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
        var queryNames = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToList();
        var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
        var baseBody = schema is null ? null : Sample(document, schema, 0);

        string Url(string? routeValue = null, string? query = null)
        {
            var url = path;
            foreach (var route in routeNames)
            {
                url = url.Replace("{" + route + "}", routeValue ?? (route.Contains("token", StringComparison.OrdinalIgnoreCase) ? "x" : Guid.NewGuid().ToString()));
            }
            return query is null ? url : $"{url}?{query}";
        }

        HttpContent? Body(string? json) => json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        var baseJson = baseBody?.ToJsonString();

        yield return new Case("plain (unknown ids)", http, Url(), Body(baseJson));
        // No NUL in a path: Kestrel answers 400 before the app sees it, and the test server's client refuses to send it.
        foreach (var route in routeNames)
        {
            foreach (var bad in new[] { "not-an-id", "%ED%A0%80", "99999999999999999999", Uri.EscapeDataString("' or 1=1 --") })
            {
                yield return new Case($"route {route}={bad}", http, Url(bad), Body(baseJson));
            }
        }
        foreach (var query in queryNames)
        {
            foreach (var bad in BadQueryValues)
            {
                yield return new Case($"query {query}={(bad.Length > 40 ? bad[..40] + "…" : bad)}", http, Url(query: $"{query}={bad}"), Body(baseJson));
            }
        }
        if (schema is null)
        {
            yield break;
        }
        yield return new Case("malformed json", http, Url(), Body("{\"a\":"));
        yield return new Case("json null", http, Url(), Body("null"));
        yield return new Case("json array", http, Url(), Body("[]"));
        yield return new Case("deep nesting", http, Url(), Body(new string('[', 200) + new string(']', 200)));
        yield return new Case("text/plain", http, Url(), new StringContent(baseJson ?? "x", Encoding.UTF8, "text/plain"));
        yield return new Case("form", http, Url(), new FormUrlEncodedContent([new("name", "x")]));
        yield return new Case("invalid utf-8", http, Url(), new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'])
        {
            Headers = { ContentType = new("application/json") },
        });
        if (baseBody is not JsonObject body)
        {
            yield break;
        }
        foreach (var (property, value) in body)
        {
            var without = (JsonObject)body.DeepClone();
            without.Remove(property);
            yield return new Case($"body {property} missing", http, Url(), Body(without.ToJsonString()));
            foreach (var (badName, badJson) in BadStrings.Concat(BadOthers))
            {
                yield return new Case($"body {property}: {badName}", http, Url(), Body(Replace(body, property, badJson)));
            }
            if (value is JsonArray array)
            {
                var element = array.Count > 0 ? array[0]?.ToJsonString() ?? "null" : "\"x\"";
                yield return new Case($"body {property}: [valid, null]", http, Url(), Body(Replace(body, property, $"[{element},null]")));
                foreach (var (badName, badJson) in BadStrings)
                {
                    yield return new Case($"body {property}[0]: {badName}", http, Url(), Body(Replace(body, property, $"[{badJson}]")));
                }
            }
            if (value is JsonObject inner)
            {
                foreach (var (innerName, _) in inner)
                {
                    yield return new Case($"body {property}.{innerName}: null", http, Url(), Body(Replace(body, property, Replace(inner, innerName, "null"))));
                    yield return new Case($"body {property}.{innerName}: nul", http, Url(), Body(Replace(body, property, Replace(inner, innerName, "\"\\u0000\""))));
                }
            }
        }
    }

    /// <summary>The object's JSON with one property's value replaced by raw JSON text (kept as written: escapes and all).</summary>
    private static string Replace(JsonObject body, string property, string rawJson)
    {
        const string marker = "\"__corpus_marker__\"";
        var copy = (JsonObject)body.DeepClone();
        copy[property] = "__corpus_marker__";
        return copy.ToJsonString().Replace(marker, rawJson, StringComparison.Ordinal);
    }

    /// <summary>A plausible value for a schema: the base every mutation starts from.</summary>
    private static JsonNode? Sample(JsonNode document, JsonNode schema, int depth)
    {
        if (depth > 6)
        {
            return null;
        }
        if (schema["$ref"] is { } reference)
        {
            var name = ((string)reference!).Split('/')[^1];
            return Sample(document, document["components"]!["schemas"]![name]!, depth + 1);
        }
        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
            JsonValue value => (string?)value,
            _ => schema["properties"] is not null ? "object" : null,
        };
        var format = (string?)schema["format"];
        return type switch
        {
            "object" when schema["properties"] is JsonObject properties => new JsonObject(properties
                .Select(p => KeyValuePair.Create(p.Key, Sample(document, p.Value!, depth + 1)))),
            "object" => new JsonObject(),
            "array" => schema["items"] is { } items && Sample(document, items, depth + 1) is { } item ? new JsonArray(item) : new JsonArray(),
            "string" when format == "uuid" => Guid.NewGuid().ToString(),
            "string" when format == "date-time" => DateTimeOffset.UtcNow.AddDays(1).ToString("O"),
            "string" when format == "date" => DateTime.UtcNow.ToString("yyyy-MM-dd"),
            "string" => schema["enum"] is JsonArray values && values.Count > 0 ? values[0]!.DeepClone() : "x",
            "integer" => 1,
            "number" => 1.5,
            "boolean" => false,
            _ => null,
        };
    }

    private static async Task<HttpResponseMessage> SendAsync(CrmClient client, Case @case)
    {
        using var request = new HttpRequestMessage(@case.Method, @case.Url) { Content = @case.Body is null ? null : await CopyAsync(@case.Body) };
        return await client.Http.SendAsync(request);
    }

    /// <summary>A case may be sent twice (admin, anonymous): an HttpContent is not.</summary>
    private static async Task<HttpContent> CopyAsync(HttpContent content)
    {
        var copy = new ByteArrayContent(await content.ReadAsByteArrayAsync());
        if (content.Headers.ContentType is { } type)
        {
            copy.Headers.ContentType = type;
        }
        return copy;
    }

    /// <summary>
    /// Every table of the modules, and the outbox: what a refused request must leave as it was. Each gets a
    /// statement trigger (in this test's own database only) that advances <c>public.corpus_writes</c>:
    /// counting all the tables is most of a case's time, and a count need not be taken again while no
    /// writing statement has ended since. A sequence is not rolled back, so a change never passes unseen;
    /// a write that came to nothing only costs a count.
    /// </summary>
    private async Task<string[]> TablesAsync()
    {
        await using var db = await app.OpenDatabaseAsync();
        var tables = (await db.QueryAsync<string>("""
            select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables
            where table_type = 'BASE TABLE' and (table_schema in ('identity', 'pipelines', 'deals', 'directory', 'tasks', 'inbox', 'messaging')
               or (table_schema = 'bus' and table_name = 'outbox'))
            order by 1
            """)).ToArray();
        await db.ExecuteAsync(
            """
            create sequence public.corpus_writes;
            create function public.corpus_write() returns trigger language plpgsql as
            $$ begin perform nextval('public.corpus_writes'); return null; end $$;
            """ + string.Concat(tables.Select(t =>
                $"create trigger corpus_write after insert or update or delete or truncate on {t} for each statement execute function public.corpus_write();\n")));
        return tables;
    }

    private sealed record Counts(long Writes, string Text);

    private Counts? quietCounts;

    /// <summary>
    /// The row counts, and the writes they were taken at. Reused while no writing statement has ended, when
    /// they were taken with no other transaction of this database holding a write: one still open then could
    /// commit after the count without a statement ending later.
    /// </summary>
    private async Task<Counts> CountsAsync(string[] tables)
    {
        var writes = await WritesAsync();
        if (quietCounts is { } known && known.Writes == writes)
        {
            return known;
        }
        await using var db = await app.OpenDatabaseAsync();
        var quiet = await db.ExecuteScalarAsync<bool>(
            "select not exists (select 1 from pg_stat_activity where datname = current_database() and backend_xid is not null and pid <> pg_backend_pid())");
        var counts = new Counts(writes, await CountAsync(tables));
        quietCounts = quiet && await WritesAsync() == writes ? counts : null;
        return counts;
    }

    /// <summary>How many writing statements have ended on the module tables, rolled back or not.</summary>
    private async Task<long> WritesAsync()
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<long>("select case when is_called then last_value else 0 end from public.corpus_writes");
    }

    private async Task<string> CountAsync(string[] tables)
    {
        await using var db = await app.OpenDatabaseAsync();
        var sql = "select " + string.Join(" || ',' || ", tables.Select(t => $"(select count(*) from {t})::text"));
        return await db.ExecuteScalarAsync<string>(sql) ?? "";
    }

    private async Task SettleAsync() => await Eventually.TrueAsync(async () =>
    {
        await using var db = await app.OpenDatabaseAsync();
        return await BusState.AllDeliveredAsync(db);
    }, "every event delivered");
}
