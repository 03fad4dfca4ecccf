using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace Crm.Bench.Inbox;

/// <summary>
/// One burst of accepts: what came back, the client's and the host's times, how soon Deals had every deal, and the
/// CPU the burst cost per accept (host, PostgreSQL, this benchmark): until the last answer, and until the bus had
/// delivered every event the accepts published (the deals, contacts, feed entries and notifications made of them).
/// </summary>
public sealed record AcceptRound(
    string Burst, int Round, int Clients, Dictionary<int, int> Answers, double SpanMs, Stats ClientMs, Stats? ServerMs, Stats? ConflictClientMs,
    double? WinnerClientMs, double? AllDealsMs, long ServerConnections, CpuSpent CpuPerAcceptAnswered, CpuSpent CpuPerAcceptDrained);

public sealed record AcceptReport(
    int Accepters, string? MaxPoolSize, Stats FileClientMs, Stats? FileServerMs, Stats OneAtATimeClientMs, Stats? OneAtATimeServerMs,
    CpuSpent OneAtATimeCpuPerAccept, AcceptRound[] Rounds, Dictionary<string, Stats> Pooled);

/// <summary>
/// «Принять» pressed by many managers at the same moment: <see cref="InboxOptions.Accepters"/> clients, each a
/// manager with their own API token and an open keep-alive connection, wait on one gate and are released
/// together. "different": each accepts a request of its own (all must answer 200, and each deal, whose id is
/// the request's, must open in Deals for that manager); "same": all accept one request (exactly one 200, the
/// others 409 naming the winner). The requests are filed through the API first, and the bus is let drain, so
/// the burst meets a quiet host.
/// </summary>
internal sealed class AcceptScenario(Uri baseAddress, HostProcess host, ScenarioRunner runner, NpgsqlDataSource db, string adminToken, Guid pipelineId,
    Guid firstOpenStage, Manager[] managers, InboxOptions options, List<Check> checks)
{
    private const int WarmupAccepts = 10;
    private const int SequentialAccepts = 30;

    public async Task<AcceptReport> RunAsync(CancellationToken ct)
    {
        var perRound = managers.Length + 1;
        var (requests, fileTimes, fileServer) = await FileAsync(WarmupAccepts + SequentialAccepts + options.Rounds * perRound, ct);
        await InboxBenchmark.WaitForBusAsync(db, ct);

        // Warm-up: the accept path and the deal card, one manager at a time (JIT, plans, pools); not reported.
        for (var i = 0; i < WarmupAccepts; i++)
        {
            using var http = Api.Client(baseAddress, managers[i % managers.Length].Token);
            runner.CountOutside(1);
            using var response = await http.PostAsync($"api/inbox/requests/{requests[i]}/accept", null, ct);
            await Api.EnsureAsync(response, "warm-up accept", ct);
            using var deal = await http.GetAsync($"api/deals/{requests[i]}", ct);
            await Api.EnsureAsync(deal, "warm-up deal", ct);
        }
        await InboxBenchmark.WaitForBusAsync(db, ct);

        var clients = managers.Select(m => Api.Client(baseAddress, m.Token)).ToArray();
        try
        {
            // Each client's connection opened and its token used once (ten at a time), so the burst measures the accepts.
            foreach (var chunk in clients.Chunk(10))
            {
                await Task.WhenAll(chunk.Select(async c =>
                {
                    using var me = await c.GetAsync("api/identity/me", ct);
                    await Api.EnsureAsync(me, "GET /api/identity/me", ct);
                }));
            }
            // One at a time, each by another manager: what an accept costs when nothing else is going on.
            var from = await host.WaitForRequestsAsync(runner.Sent, ct);
            var sequentialCpu = await cpu.ReadAsync(ct);
            var sequential = new List<double>();
            for (var i = 0; i < SequentialAccepts; i++)
            {
                runner.CountOutside(1);
                var started = Stopwatch.GetTimestamp();
                using var response = await clients[i % clients.Length].PostAsync($"api/inbox/requests/{requests[WarmupAccepts + i]}/accept", null, ct);
                await response.Content.ReadAsByteArrayAsync(ct);
                sequential.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await Api.EnsureAsync(response, "accept", ct);
            }
            var to = await host.WaitForRequestsAsync(runner.Sent, ct);
            var sequentialServer = host.RequestTimes(from, to);
            await InboxBenchmark.WaitForBusAsync(db, ct);
            var sequentialSpent = CpuMeter.Between(sequentialCpu, await cpu.ReadAsync(ct)).Per(SequentialAccepts);

            var rounds = new List<AcceptRound>();
            var next = WarmupAccepts + SequentialAccepts;
            for (var round = 1; round <= options.Rounds; round++)
            {
                var own = requests.Skip(next).Take(managers.Length).ToArray();
                var shared = requests[next + managers.Length];
                next += perRound;
                Console.Error.WriteLine($"[inbox] accept round {round}: {managers.Length} different requests at once");
                rounds.Add(await DifferentAsync(clients, own, round, ct));
                await InboxBenchmark.WaitForBusAsync(db, ct);
                Console.Error.WriteLine($"[inbox] accept round {round}: one request, {managers.Length} managers at once");
                rounds.Add(await SameAsync(clients, shared, round, ct));
                await InboxBenchmark.WaitForBusAsync(db, ct);
            }
            var pooled = new Dictionary<string, Stats>
            {
                ["different"] = Stats.Of(burstTimes.Where(t => t.Burst == "different").Select(t => t.Ms)),
                ["same"] = Stats.Of(burstTimes.Where(t => t.Burst == "same").Select(t => t.Ms)),
            };
            return new AcceptReport(managers.Length, options.MaxPoolSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the app's default (four a core, 10 to 30)",
                Stats.Of(fileTimes), fileServer, Stats.Of(sequential), sequentialServer.Count == SequentialAccepts ? Stats.Of(sequentialServer) : null,
                sequentialSpent, rounds.ToArray(), pooled);
        }
        finally
        {
            foreach (var c in clients)
            {
                c.Dispose();
            }
        }
    }

    private readonly List<(string Burst, double Ms)> burstTimes = [];
    private readonly CpuMeter cpu = new(host, db);

    /// <summary>Files <paramref name="count"/> requests with the admin's token, one at a time, timing each (POST /api/inbox/requests).</summary>
    private async Task<(Guid[] Ids, List<double> Times, Stats? Server)> FileAsync(int count, CancellationToken ct)
    {
        using var http = Api.Client(baseAddress, adminToken);
        var from = await host.WaitForRequestsAsync(runner.Sent, ct);
        var ids = new Guid[count];
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            runner.CountOutside(1);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("api/inbox/requests", new
            {
                pipelineId,
                contactName = $"Клиент бенчмарка {i + 1}",
                phones = new[] { $"+7343{2_000_000 + i:0000000}" },
                emails = new[] { $"bench.client{i + 1}@example.ru" },
                companyName = $"ООО «Заказчик {i % 37 + 1}»",
                subject = $"Заявка {i + 1}: аренда экскаватора",
                message = "Здравствуйте! Нужен экскаватор на объект в Екатеринбурге на две недели. Пришлите цену с доставкой.",
            }, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"POST /api/inbox/requests: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
            }
            ids[i] = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        }
        var to = await host.WaitForRequestsAsync(runner.Sent, ct);
        var server = host.RequestTimes(from, to);
        return (ids, times, server.Count == count ? Stats.Of(server) : null);
    }

    private sealed record Answer(int Status, double Ms, JsonElement Body)
    {
        public Guid? Member(string name) =>
            Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetGuid() : null;
    }

    private static JsonElement Json(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>Every client posts its accept once the gate opens; the times run from the gate.</summary>
    private async Task<(Answer[] Answers, double SpanMs, Stats? Server, long Released, CpuMeter.Reading Before, CpuMeter.Reading Answered)> BurstAsync(HttpClient[] clients, Func<int, Guid> requestOf, CancellationToken ct)
    {
        var from = await host.WaitForRequestsAsync(runner.Sent, ct);
        runner.CountOutside(clients.Length);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answers = new Answer[clients.Length];
        var ready = new CountdownEvent(clients.Length);
        long released = 0;
        var tasks = clients.Select((client, i) => Task.Run(async () =>
        {
            var url = $"api/inbox/requests/{requestOf(i)}/accept";
            ready.Signal();
            await gate.Task;
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync(url, null, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            answers[i] = new Answer((int)response.StatusCode, ms, Json(body));
        }, ct)).ToArray();
        ready.Wait(ct);
        await Task.Delay(50, ct); // every task is at the gate
        var before = await cpu.ReadAsync(ct);
        released = Stopwatch.GetTimestamp();
        gate.SetResult();
        await Task.WhenAll(tasks);
        var span = Stopwatch.GetElapsedTime(released).TotalMilliseconds;
        var answered = await cpu.ReadAsync(ct);
        var to = await host.WaitForRequestsAsync(runner.Sent, ct);
        var server = host.RequestTimes(from, to);
        return (answers, span, server.Count == clients.Length ? Stats.Of(server) : null, released, before, answered);
    }

    private async Task<AcceptRound> DifferentAsync(HttpClient[] clients, Guid[] own, int round, CancellationToken ct)
    {
        var (answers, span, server, released, before, answered) = await BurstAsync(clients, i => own[i], ct);
        var byBackend = answered.Backends.Select(b => b.Value - before.Backends.GetValueOrDefault(b.Key)).Where(ms => ms > 0).OrderDescending().ToList();
        Console.Error.WriteLine($"[inbox] round {round}: the database's CPU until the last answer by backend, ms: {string.Join(", ", byBackend)} ({byBackend.Count} backends)");
        var connections = await ConnectionsAsync(ct);
        var dealsMs = await AllDealsAsync(own.Where((_, i) => answers[i].Status == 200).ToArray(), released, ct);
        await InboxBenchmark.WaitForBusAsync(db, ct);
        var drained = await cpu.ReadAsync(ct);
        var ok = answers.Count(a => a.Status == 200);
        var named = answers.Select((a, i) => a.Status == 200 && a.Member("dealId") == own[i]).Count(x => x);
        checks.Add(new Check($"different, round {round}: {clients.Length} accepts answered 200, each naming its request's id as the deal", $"{ok} × 200, {named} with dealId = the request's id", ok == clients.Length && named == clients.Length));
        checks.Add(await DealsCheckAsync(own.Select((id, i) => (id, managers[i].Id)).Where((_, i) => answers[i].Status == 200).ToArray(), round, ct));
        var result = new AcceptRound("different", round, clients.Length, Count(answers), Math.Round(span, 1), Stats.Of(answers.Select(a => a.Ms)), server, null, null, dealsMs, connections,
            CpuMeter.Between(before, answered).Per(clients.Length), CpuMeter.Between(before, drained).Per(clients.Length));
        burstTimes.AddRange(answers.Select(a => (result.Burst, a.Ms)));
        return result;
    }

    private async Task<AcceptRound> SameAsync(HttpClient[] clients, Guid shared, int round, CancellationToken ct)
    {
        var (answers, span, server, released, before, answered) = await BurstAsync(clients, _ => shared, ct);
        var connections = await ConnectionsAsync(ct);
        var dealsMs = await AllDealsAsync([shared], released, ct);
        await InboxBenchmark.WaitForBusAsync(db, ct);
        var drained = await cpu.ReadAsync(ct);
        var winners = answers.Select((a, i) => (a, i)).Where(x => x.a.Status == 200).ToList();
        var conflicts = answers.Where(a => a.Status == 409).ToList();
        var winner = winners.Count == 1 ? managers[winners[0].i].Id : (Guid?)null;
        var naming = conflicts.Count(a => a.Member("decidedBy") is { } by && by == winner);
        checks.Add(new Check($"same, round {round}: one request accepted by {clients.Length} at once → exactly one 200 and the rest 409 naming the winner",
            $"{winners.Count} × 200, {conflicts.Count} × 409 ({naming} naming the winner), {clients.Length - winners.Count - conflicts.Count} other",
            winners.Count == 1 && conflicts.Count == clients.Length - 1 && naming == conflicts.Count));
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            var responsible = (await conn.QueryAsync<Guid>("select responsible_id from deals.deals where id = @shared", new { shared })).ToList();
            checks.Add(new Check($"same, round {round}: one deal, the winner's",
                $"{responsible.Count} deal(s) with the request's id, {(responsible.Count == 1 && responsible[0] == winner ? "the winner's" : "not the winner's")}",
                responsible.Count == 1 && responsible[0] == winner));
        }
        var result = new AcceptRound("same", round, clients.Length, Count(answers), Math.Round(span, 1), Stats.Of(answers.Select(a => a.Ms)), server,
            conflicts.Count > 0 ? Stats.Of(conflicts.Select(a => a.Ms)) : null, winners.Count == 1 ? Math.Round(winners[0].a.Ms, 1) : null, dealsMs, connections,
            CpuMeter.Between(before, answered).Per(clients.Length), CpuMeter.Between(before, drained).Per(clients.Length));
        burstTimes.AddRange(answers.Select(a => (result.Burst, a.Ms)));
        return result;
    }

    /// <summary>The server's client backends right after a burst (the host's pool keeps what it opened; this query's own included), and the oldest ones.</summary>
    private async Task<long> ConnectionsAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<(string? Database, DateTime Started, string? State, string? Query)>(
            """
            select datname, backend_start, state, left(query, 80) from pg_stat_activity
            where backend_type = 'client backend' order by backend_start
            """)).ToList();
        Console.Error.WriteLine($"[inbox] right after the burst: {rows.Count} client backends on the server ({rows.Count(r => r.Database == conn.Database)} in this database); the oldest: "
            + string.Join(" | ", rows.Take(3).Select(r => $"{r.Database} {r.Started:HH:mm:ss} {r.State} {r.Query}")));
        return rows.Count;
    }

    private static Dictionary<int, int> Count(Answer[] answers) => answers.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Milliseconds from the release until deals.deals holds a deal for each request (Deals opens them from the event); null after 60 s.</summary>
    private async Task<double?> AllDealsAsync(Guid[] ids, long released, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var have = await conn.ExecuteScalarAsync<long>("select count(*) from deals.deals where id = any(@ids)", new { ids });
            if (have == ids.Length)
            {
                return Math.Round(Stopwatch.GetElapsedTime(released).TotalMilliseconds, 1);
            }
            await Task.Delay(10, ct);
        }
        return null;
    }

    /// <summary>GET /api/deals/{id} of every accepted request, as the card opens it: 200, the acceptor's, in the first open stage.</summary>
    private async Task<Check> DealsCheckAsync((Guid Request, Guid Acceptor)[] own, int round, CancellationToken ct)
    {
        var wrong = new ConcurrentBag<string>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var http = Api.Client(baseAddress, adminToken);
            int i;
            while ((i = Interlocked.Increment(ref next)) < own.Length)
            {
                var (request, acceptor) = own[i];
                using var response = await http.GetAsync($"api/deals/{request}", ct);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    wrong.Add($"{request}: {(int)response.StatusCode}");
                    continue;
                }
                var deal = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                if (deal.GetProperty("responsibleId").GetGuid() != acceptor || deal.GetProperty("pipelineId").GetGuid() != pipelineId
                    || deal.GetProperty("stageId").GetGuid() != firstOpenStage)
                {
                    wrong.Add($"{request}: responsible {deal.GetProperty("responsibleId")}, stage {deal.GetProperty("stageId")}");
                }
            }
        }, ct)));
        return new Check($"different, round {round}: GET /api/deals/{{id}} of each accepted → 200, the acceptor's, in «Первичный контакт»",
            wrong.IsEmpty ? $"{own.Length} of {own.Length}" : $"{own.Length - wrong.Count} of {own.Length}; e.g. {string.Join("; ", wrong.Take(3))}",
            wrong.IsEmpty);
    }
}
