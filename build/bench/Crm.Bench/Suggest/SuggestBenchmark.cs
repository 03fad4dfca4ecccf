using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Crm.BuildingBlocks.Text;
using Dapper;
using Npgsql;

namespace Crm.Bench.Suggest;

public sealed record SuggestOptions(
    string Server, string AppDir, int Port, int Companies, int Contacts, int Warmup, int Calls, int Clients, int Limit,
    int Seed, string OutputPath, bool KeepDatabase);

/// <summary>A query of the mix: <see cref="Kind"/> is the kind it is also run with (the other row runs without kind).</summary>
public sealed record SuggestQuery(string Name, string Q, string Kind, string What);

/// <summary>
/// <c>GET /api/directory/suggest</c> over <see cref="SuggestOptions.Contacts"/> contacts and <see cref="SuggestOptions.Companies"/>
/// companies, over HTTP against the real published host (a child process on a loopback port), on a fresh database.
/// See the "suggest" section of build/bench/README.md.
/// </summary>
public static class SuggestBenchmark
{
    private const string AdminEmail = "bench-admin@crm.local";
    private const string AdminPassword = "Bench-Admin-12345!";
    private const string Path = "/api/directory/suggest";

    /// <summary>The mix: each query once without kind and once with its kind.</summary>
    public static readonly SuggestQuery[] Queries =
    [
        new("prefix-2", "Ив", "contact", "two letters: the start of a name or of a word in it (Иванов, Иван, Ивановна)"),
        new("prefix-3", "Ива", "contact", "a common name prefix: Иванов/Иванова is the commonest surname"),
        new("substring", "сандр", "contact", "a common substring inside names (Александр, -а, -ович, -овна)"),
        new("rare", "Шпаковск", "contact", "a rare surname (about 1 contact in 20,000)"),
        new("company-word", "логист", "company", "a word inside company names («…Логистик»)"),
        new("email", "sokolov", "contact", "an e-mail fragment (sokolov.a@…, a.sokolova@…)"),
        new("phone-8", "8916123", "contact", "a phone as typed from the start, 8 as trunk prefix: digits 7916123"),
        new("phone-+7", "+7 (916) 12", "contact", "a phone in international format: digits 791612"),
        new("phone-dash", "916-12-3", "contact", "a phone fragment with dashes: digits 916123"),
        new("nothing", "Цукерберг", "contact", "matches nothing"),
    ];

    public static async Task<SuggestReport> RunAsync(SuggestOptions options, CancellationToken ct)
    {
        var database = $"crm_suggest_{DateTime.UtcNow:yyyyMMdd_HHmmss}";
        var connectionString = new NpgsqlConnectionStringBuilder(options.Server) { Database = database, CommandTimeout = 0 }.ConnectionString;
        var loadBefore = Machine.LoadAverage();
        var server = await Machine.ServerInfoAsync(options.Server, ct);
        Console.Error.WriteLine($"[suggest] database {database}; host {options.AppDir}/Crm.Host.dll on 127.0.0.1:{options.Port}; load average {loadBefore}");
        await Machine.ExecuteOnServerAsync(options.Server, $"create database {database}", ct);
        HostProcess? host = null;
        try
        {
            host = HostProcess.Start(options.AppDir, options.Port, connectionString, AdminEmail, AdminPassword, Path);
            var baseAddress = new Uri($"http://127.0.0.1:{options.Port}/");
            await host.WaitReadyAsync(baseAddress, TimeSpan.FromMinutes(3), ct);

            await using var db = NpgsqlDataSource.Create(connectionString);
            await using var conn = await db.OpenConnectionAsync(ct);
            var admin = await WaitForAdminAsync(conn, ct);
            var token = await Api.SignInAndCreateTokenAsync(baseAddress, AdminEmail, AdminPassword, "suggest benchmark", ct);

            Console.Error.WriteLine($"[suggest] loading {options.Companies} companies and {options.Contacts} contacts");
            var load = await DirectoryLoad.RunAsync(conn, admin, options.Companies, options.Contacts, options.Seed, ct);
            Console.Error.WriteLine($"[suggest] loaded in {load.LoadSeconds:0.0} s, indexes {load.IndexSeconds:0.0} s, vacuum analyze {load.AnalyzeSeconds:0.0} s; {string.Join(", ", load.Sizes.Select(s => $"{s.Key} {s.Value}"))}");

            using (var api = Api.Client(baseAddress, token))
            {
                var check = await SampleCheck.RunAsync(conn, api, ct);
                Console.Error.WriteLine($"[suggest] sample check (a loaded record vs the same created through the API): {(check.Identical ? "identical" : "DIFFERENT")}");
                if (!check.Identical)
                {
                    Console.Error.WriteLine(JsonSerializer.Serialize(check, CommandLine.Json));
                }

                var matches = new Dictionary<string, MatchCount>();
                foreach (var query in Queries)
                {
                    matches[query.Name] = await CountMatchesAsync(conn, query.Q, ct);
                    Console.Error.WriteLine($"[suggest] {query.Name} q={query.Q}: {matches[query.Name].Companies} companies, {matches[query.Name].Contacts} contacts match");
                }

                var runner = new Runner(baseAddress, token, host, options);
                var results = new List<SuggestResult>();
                foreach (var clients in new[] { 1, options.Clients }.Distinct())
                {
                    foreach (var query in Queries)
                    {
                        foreach (var kind in new[] { null, query.Kind })
                        {
                            Console.Error.WriteLine($"[suggest] {query.Name} kind={kind ?? "-"}, {clients} client(s): {options.Warmup} warm-up, {options.Calls} measured");
                            var m = matches[query.Name];
                            var matched = kind switch { "company" => m.Companies, "contact" => m.Contacts, _ => m.Companies + m.Contacts };
                            results.Add(await runner.RunAsync(query, kind, clients, matched, ct));
                        }
                    }
                }

                return new SuggestReport(
                    new BenchMeta(DateTimeOffset.UtcNow, Environment.GetEnvironmentVariable("CRM_BENCH_GIT_SHA"), Environment.MachineName,
                        Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, server,
                        loadBefore, Machine.LoadAverage(), LoadAverages()),
                    new SuggestParameters(options.Companies, options.Contacts, options.Warmup, options.Calls, options.Clients, options.Limit, options.Seed,
                        "Release, published (dotnet publish -c Release), Production environment, default logging (request lines at Information)",
                        options.KeepDatabase ? database : null),
                    load, check, Queries, results.ToArray());
            }
        }
        finally
        {
            if (host is not null)
            {
                await host.StopAsync();
            }
            NpgsqlConnection.ClearAllPools();
            if (options.KeepDatabase)
            {
                Console.Error.WriteLine($"[suggest] kept database {database}");
            }
            else
            {
                await Machine.ExecuteOnServerAsync(options.Server, $"drop database if exists {database} with (force)", CancellationToken.None);
            }
        }
    }

    /// <summary>The whole /proc/loadavg line (1, 5, 15 minutes) at the end.</summary>
    private static string? LoadAverages()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The host seeds the admin as it starts: wait for the row.</summary>
    private static async Task<Guid> WaitForAdminAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var id = await conn.QuerySingleOrDefaultAsync<Guid?>("select id from identity.users where email = @AdminEmail", new { AdminEmail });
            if (id is { } admin)
            {
                return admin;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("the host never seeded its admin");
            }
            await Task.Delay(200, ct);
        }
    }

    /// <summary>
    /// How many live records match the way the handler matches (name prefix, folded name/e-mails/tax id substring, or the
    /// start of a word for two characters, phone digits for three digits or more), not limited: how much there is to choose from.
    /// </summary>
    private static async Task<MatchCount> CountMatchesAsync(NpgsqlConnection conn, string q, CancellationToken ct)
    {
        var folded = Vocabulary.Fold(q);
        var digits = Phones.SearchDigits(q);
        var args = new
        {
            Prefix = Escape(folded) + "%",
            Contains = "%" + Escape(folded) + "%",
            Word = "% " + Escape(folded) + "%",
            Digits = "%" + Escape(digits) + "%",
        };
        var text = folded.Length < 3 ? "(search like @Prefix or search like @Word)" : "search like @Contains";
        var phone = digits.Length >= 3 ? " or phone_digits like @Digits" : "";
        string Sql(string table) => $"select count(*) from directory.{table} where deleted_at is null and (name_key like @Prefix or {text}{phone})";
        var companies = await conn.QuerySingleAsync<long>(new CommandDefinition(Sql("companies"), args, cancellationToken: ct));
        var contacts = await conn.QuerySingleAsync<long>(new CommandDefinition(Sql("contacts"), args, cancellationToken: ct));
        return new MatchCount(companies, contacts);

        static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
    }

    /// <summary>Client-side time per call, and the host's own request line (Crm.Requests) for the same calls.</summary>
    private sealed class Runner(Uri baseAddress, string token, HostProcess host, SuggestOptions options)
    {
        private long sent;

        public async Task<SuggestResult> RunAsync(SuggestQuery query, string? kind, int clients, long matches, CancellationToken ct)
        {
            var url = $"api/directory/suggest?q={Uri.EscapeDataString(query.Q)}&limit={options.Limit}" + (kind is null ? "" : $"&kind={kind}");
            var http = Enumerable.Range(0, clients).Select(_ => Api.Client(baseAddress, token)).ToArray();
            try
            {
                await CallsAsync(http, url, options.Warmup, ct);
                var from = await host.WaitForRequestsAsync(Interlocked.Read(ref sent), ct);
                var started = Stopwatch.GetTimestamp();
                var (times, failures, body) = await CallsAsync(http, url, options.Calls, ct);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                var to = await host.WaitForRequestsAsync(Interlocked.Read(ref sent), ct);
                var serverTimes = host.RequestTimes(from, to);
                var (returned, returnedCompanies, how) = Describe(body);
                return new SuggestResult(query.Name, query.Q, kind, clients, options.Calls, failures, Math.Round(options.Calls / seconds, 1),
                    body.Length, returned, returnedCompanies, how, matches, Stats.Of(times),
                    serverTimes.Count == options.Calls ? Stats.Of(serverTimes) : null);
            }
            finally
            {
                foreach (var client in http)
                {
                    client.Dispose();
                }
            }
        }

        /// <summary>Suggestions in the answer, how many are companies, and what they matched on (name ×5, phone ×3, …).</summary>
        private static (int Returned, int Companies, string MatchedOn) Describe(byte[] body)
        {
            try
            {
                var items = JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
                var how = string.Join(", ", items.GroupBy(i => i.GetProperty("matchedOn").GetString()).Select(g => $"{g.Key} {g.Count()}"));
                return (items.Count, items.Count(i => i.GetProperty("kind").GetString() == "company"), how);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                return (-1, -1, "not a JSON array");
            }
        }

        /// <summary><paramref name="count"/> calls shared by the clients, each client one call at a time; the last body.</summary>
        private async Task<(List<double> Times, int Failures, byte[] Body)> CallsAsync(HttpClient[] http, string url, int count, CancellationToken ct)
        {
            var times = new ConcurrentBag<double>();
            var failures = 0;
            byte[] last = [];
            var next = -1;
            await Task.WhenAll(http.Select(client => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) < count)
                {
                    Interlocked.Increment(ref sent);
                    var started = Stopwatch.GetTimestamp();
                    using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
                    var body = await response.Content.ReadAsByteArrayAsync(ct);
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        if (Interlocked.Increment(ref failures) == 1)
                        {
                            Console.Error.WriteLine($"[suggest] {(int)response.StatusCode} for {url}: {System.Text.Encoding.UTF8.GetString(body)}");
                        }
                    }
                    Volatile.Write(ref last, body);
                }
            }, ct)));
            return (times.ToList(), failures, last);
        }
    }
}

/// <summary>
/// A loaded company and contact are compared with the same data created through the API (phones typed as people
/// type them, e-mails in mixed case): the searched columns and the channel rows must be identical. The API's
/// records are deleted afterwards (soft delete: the suggestions skip them).
/// </summary>
internal static class SampleCheck
{
    private const string ContactSnapshot = """
        select json_build_object('fullName', full_name, 'position', position, 'companyId', company_id, 'nameKey', name_key,
            'search', search, 'phoneDigits', phone_digits,
            'phones', (select json_agg(json_build_object('position', p.position, 'number', p.number, 'type', p.type) order by p.position)
                       from directory.contact_phones p where p.contact_id = c.id),
            'emails', (select json_agg(json_build_object('position', e.position, 'address', e.address, 'type', e.type) order by e.position)
                       from directory.contact_emails e where e.contact_id = c.id))::text
        from directory.contacts c where id = @id
        """;

    private const string CompanySnapshot = """
        select json_build_object('name', name, 'website', website, 'region', region, 'taxId', tax_id, 'nameKey', name_key,
            'search', search, 'phoneDigits', phone_digits,
            'phones', (select json_agg(json_build_object('position', p.position, 'number', p.number, 'type', p.type) order by p.position)
                       from directory.company_phones p where p.company_id = c.id),
            'emails', (select json_agg(json_build_object('position', e.position, 'address', e.address, 'type', e.type) order by e.position)
                       from directory.company_emails e where e.company_id = c.id))::text
        from directory.companies c where id = @id
        """;

    public static async Task<SampleCheckResult> RunAsync(NpgsqlConnection conn, HttpClient api, CancellationToken ct)
    {
        // A company with ё in its name, two phones, two e-mails, a tax id and a website; a contact with ё, a patronymic, a company,
        // two phones and two e-mails.
        var companyId = await conn.QueryFirstAsync<Guid>(
            """
            select c.id from directory.companies c
            where c.deleted_at is null and c.tax_id is not null and c.website is not null and c.region is not null
              and exists (select 1 from directory.company_phones p where p.company_id = c.id and p.position = 1)
              and exists (select 1 from directory.company_emails e where e.company_id = c.id and e.position = 1)
            order by (c.name like '%ё%') desc, c.id limit 1
            """);
        var contactId = await conn.QueryFirstAsync<Guid>(
            """
            select c.id from directory.contacts c
            where c.deleted_at is null and c.company_id is not null and c.position is not null
              and c.full_name like '% % %ё%'
              and exists (select 1 from directory.contact_phones p where p.contact_id = c.id and p.position = 1)
              and exists (select 1 from directory.contact_emails e where e.contact_id = c.id and e.position = 1)
            order by c.id limit 1
            """);
        var loadedCompany = await conn.QuerySingleAsync<string>(CompanySnapshot, new { id = companyId });
        var loadedContact = await conn.QuerySingleAsync<string>(ContactSnapshot, new { id = contactId });

        var company = JsonDocument.Parse(loadedCompany).RootElement;
        var contact = JsonDocument.Parse(loadedContact).RootElement;
        var apiCompanyId = await Api.PostForIdAsync(api, "api/directory/companies", new
        {
            name = company.GetProperty("name").GetString(),
            website = company.GetProperty("website").GetString(),
            region = company.GetProperty("region").GetString(),
            taxId = company.GetProperty("taxId").GetString(),
            phones = Phones(company),
            emails = Emails(company),
            confirmDuplicate = true,
        }, ct);
        var apiContactId = await Api.PostForIdAsync(api, "api/directory/contacts", new
        {
            fullName = contact.GetProperty("fullName").GetString(),
            position = contact.GetProperty("position").GetString(),
            companyId = contact.GetProperty("companyId").GetGuid(),
            phones = Phones(contact),
            emails = Emails(contact),
            confirmDuplicate = true,
        }, ct);
        var apiCompany = await conn.QuerySingleAsync<string>(CompanySnapshot, new { id = apiCompanyId });
        var apiContact = await conn.QuerySingleAsync<string>(ContactSnapshot, new { id = apiContactId });
        using (var deleted = await api.DeleteAsync($"api/directory/contacts/{apiContactId}", ct))
        {
            await Api.EnsureAsync(deleted, "delete the API's contact", ct);
        }
        using (var deleted = await api.DeleteAsync($"api/directory/companies/{apiCompanyId}", ct))
        {
            await Api.EnsureAsync(deleted, "delete the API's company", ct);
        }
        return new SampleCheckResult(loadedCompany == apiCompany && loadedContact == apiContact, loadedCompany, apiCompany, loadedContact, apiContact);
    }

    /// <summary>The stored numbers as people type them: "8 (916) 123-45-67" and "+7 495 123 45 67".</summary>
    private static object[] Phones(JsonElement record) => record.GetProperty("phones").EnumerateArray().Select((p, i) =>
    {
        var n = p.GetProperty("number").GetString()!; // +7XXXYYYZZWW
        var typed = i % 2 == 0
            ? $"8 ({n[2..5]}) {n[5..8]}-{n[8..10]}-{n[10..12]}"
            : $"+7 {n[2..5]} {n[5..8]} {n[8..10]} {n[10..12]}";
        return (object)new { number = typed, type = p.GetProperty("type").GetString() };
    }).ToArray();

    /// <summary>The stored addresses with upper-case letters and blanks around them, which the API must undo.</summary>
    private static object[] Emails(JsonElement record) => record.GetProperty("emails").EnumerateArray().Select(e =>
    {
        var a = e.GetProperty("address").GetString()!;
        return (object)new { address = $" {char.ToUpperInvariant(a[0])}{a[1..a.IndexOf('@')]}{a[a.IndexOf('@')..].ToUpperInvariant()} ", type = e.GetProperty("type").GetString() };
    }).ToArray();
}

public sealed record SampleCheckResult(bool Identical, string LoadedCompany, string ApiCompany, string LoadedContact, string ApiContact);

public sealed record MatchCount(long Companies, long Contacts);

public sealed record BenchMeta(
    DateTimeOffset RanAt, string? GitCommit, string Machine, int Cores, string Os, string BenchRuntime, PgSettings Postgres,
    double? LoadAverageBefore, double? LoadAverageAfter, string? LoadAveragesAfter);

public sealed record SuggestParameters(
    int Companies, int Contacts, int WarmupCalls, int Calls, int ConcurrentClients, int Limit, int Seed, string Host, string? KeptDatabase);

public sealed record SuggestResult(
    string Query, string Q, string? Kind, int Clients, int Calls, int Failures, double CallsPerSecond, int ResponseBytes,
    int Returned, int ReturnedCompanies, string MatchedOn, long Matches, Stats ClientMs, Stats? ServerMs);

public sealed record SuggestReport(
    BenchMeta Meta, SuggestParameters Parameters, DirectoryLoadResult Load, SampleCheckResult SampleCheck, SuggestQuery[] Queries,
    SuggestResult[] Results);
