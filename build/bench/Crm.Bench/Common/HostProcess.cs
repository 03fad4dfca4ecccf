using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Crm.Bench;

/// <summary>
/// The published Crm.Host as a child process. Its console log (JSON, the app's default) is read
/// for the app's request lines, "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs} ms"
/// (category Crm.Requests, BuildingBlocks' RequestLog): the server time of each call whose path
/// starts with one of the measured prefixes (the board, the suggestions, the tasks, …).
/// </summary>
internal sealed class HostProcess
{
    private const string RequestLogCategory = "\"Category\":\"Crm.Requests\"";

    private readonly Process process;
    private readonly string[] measuredPaths;
    private readonly List<double> times = [];
    private readonly Queue<string> tail = new();
    private readonly List<string> errors = [];
    private readonly List<string> warnings = [];
    private readonly Lock gate = new();
    private bool gone;

    private HostProcess(Process process, string[] measuredPaths)
    {
        this.process = process;
        this.measuredPaths = measuredPaths;
    }

    /// <summary>
    /// What every benchmark host gets on top of the shipped settings: every simulated user signs in from loopback,
    /// one IP, so the per-IP sign-in limit (30 a minute) is for the Internet, not for a load generator (the tasks
    /// benchmark signs in 50 managers at once).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> LoadGeneratorSettings = new Dictionary<string, string>
    {
        ["AbuseLimits__SignInPerMinute"] = "100000",
    };

    /// <summary>Starts the host with <see cref="LoadGeneratorSettings"/>; the server times of requests whose path starts with one of <paramref name="measuredPaths"/> are kept.</summary>
    public static HostProcess Start(string appDir, int port, string connectionString, string adminEmail, string adminPassword, params string[] measuredPaths) =>
        Start(appDir, port, connectionString, adminEmail, adminPassword, LoadGeneratorSettings, measuredPaths);

    /// <summary>
    /// Starts the host with the shipped settings and <paramref name="settings"/> (environment variables, e.g.
    /// <c>AbuseLimits__SignInPerMinute</c>) and nothing else: the abuse benchmark keeps the shipped limits.
    /// </summary>
    public static HostProcess Start(
        string appDir, int port, string connectionString, string adminEmail, string adminPassword, IReadOnlyDictionary<string, string> settings, params string[] measuredPaths)
    {
        var dll = Path.Combine(appDir, "Crm.Host.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} not found: publish it first (dotnet publish backend/Crm.Host -c Release -o {appDir})");
        }
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = appDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Crm"] = connectionString;
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }
        start.Environment["CRM_ADMIN_EMAIL"] = adminEmail;
        start.Environment["CRM_ADMIN_PASSWORD"] = adminPassword;
        var host = new HostProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the host"), measuredPaths);
        host.process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        host.process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        host.process.BeginOutputReadLine();
        host.process.BeginErrorReadLine();
        return host;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        if (line.Contains(RequestLogCategory, StringComparison.Ordinal) && measuredPaths.Any(p => line.Contains(p, StringComparison.Ordinal)))
        {
            try
            {
                var state = JsonDocument.Parse(line).RootElement.GetProperty("State");
                var path = state.GetProperty("Path").GetString() ?? "";
                var elapsed = state.GetProperty("ElapsedMs");
                var ms = elapsed.ValueKind == JsonValueKind.Number
                    ? elapsed.GetDouble()
                    : double.Parse(elapsed.GetString()!, CultureInfo.InvariantCulture);
                if (measuredPaths.Any(p => path.StartsWith(p, StringComparison.Ordinal)))
                {
                    lock (gate)
                    {
                        times.Add(ms);
                    }
                }
                return;
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                // not the JSON we expect: keep it in the tail below
            }
        }
        lock (gate)
        {
            if (errors.Count < 20 && (line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal)))
            {
                errors.Add(line);
            }
            else if (warnings.Count < 20 && line.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal))
            {
                warnings.Add(line);
            }
            tail.Enqueue(line);
            if (tail.Count > 50)
            {
                tail.Dequeue();
            }
        }
    }

    /// <summary>The first 20 lines the host logged at Error or Critical (its JSON console log).</summary>
    public IReadOnlyList<string> Errors()
    {
        lock (gate)
        {
            return [.. errors];
        }
    }

    /// <summary>The first 20 lines the host logged at Warning (a 503 for an unavailable or overloaded database says why there).</summary>
    public IReadOnlyList<string> Warnings()
    {
        lock (gate)
        {
            return [.. warnings];
        }
    }

    private string Tail()
    {
        lock (gate)
        {
            return string.Join(Environment.NewLine, tail);
        }
    }

    public async Task WaitReadyAsync(Uri baseAddress, TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the host exited with {process.ExitCode}:{Environment.NewLine}{Tail()}");
            }
            try
            {
                using var response = await http.GetAsync("health/ready", ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the host was not ready after {timeout}:{Environment.NewLine}{Tail()}");
            }
            await Task.Delay(250, ct);
        }
    }

    /// <summary>Waits until the log holds <paramref name="count"/> measured requests (the log is written after the response); returns how many it holds.</summary>
    public async Task<int> WaitForRequestsAsync(long count, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            int have;
            lock (gate)
            {
                have = times.Count;
            }
            if (have >= count || DateTime.UtcNow > deadline)
            {
                if (have != count)
                {
                    Console.Error.WriteLine($"[bench] the host logged {have} requests to {string.Join(", ", measuredPaths)}, {count} were sent: server times of this scenario left out");
                }
                return have;
            }
            await Task.Delay(20, ct);
        }
    }

    public List<double> RequestTimes(int from, int to)
    {
        lock (gate)
        {
            return times.GetRange(from, Math.Max(0, Math.Min(to, times.Count) - from));
        }
    }

    /// <summary>The host's process id (for /proc/&lt;pid&gt;/status).</summary>
    public int Pid => process.Id;

    /// <summary>The host's resident memory now: VmRSS of /proc/&lt;pid&gt;/status in MB.</summary>
    public double RssMb()
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kb = double.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        return Math.Round(kb / 1024, 1);
    }

    /// <summary>Stopped or killed (by us or otherwise).</summary>
    public bool HasExited => gone || process.HasExited;

    /// <summary>SIGKILL (Process.Kill): no shutdown at all, as a crash or the OOM killer; returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }
        await process.WaitForExitAsync();
        process.Dispose();
        gone = true;
    }

    /// <summary>SIGTERM (a graceful shutdown, as systemd or docker stop would), then kill after 15 s.</summary>
    public async Task StopAsync()
    {
        if (gone)
        {
            return;
        }
        gone = true;
        if (process.HasExited)
        {
            process.Dispose();
            return;
        }
        _ = Kill(process.Id, 15);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
