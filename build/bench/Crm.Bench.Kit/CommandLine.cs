using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Bench;

/// <summary>
/// What every benchmark command shares: reading its options (<see cref="OptionReader"/>), the default
/// server, where results go, and the run itself: help, a bad option (usage, exit 2), Ctrl+C, the table
/// on stdout and the JSON file.
/// </summary>
public static class CommandLine
{
    /// <summary>How every benchmark writes its JSON results.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>$CRM_BENCH_PG, else the throwaway benchmark cluster that the scripts start.</summary>
    public static string DefaultServer =>
        Environment.GetEnvironmentVariable("CRM_BENCH_PG") is { Length: > 0 } env ? env : "Host=127.0.0.1;Port=55434;Username=postgres";

    /// <summary>
    /// Reads a command's options with <paramref name="read"/>, which takes each by name with its default from an
    /// <see cref="OptionReader"/>; then refuses any option it did not take. Throws <see cref="ArgumentException"/> on a
    /// bad option (RunAsync prints it with the usage, exit 2).
    /// </summary>
    public static T Read<T>(IReadOnlyList<string> args, Func<OptionReader, T> read)
    {
        var options = new OptionReader(args);
        var result = read(options);
        options.RefuseUnknown();
        return result;
    }

    /// <summary>A <c>--scenarios</c> list: some of <paramref name="all"/>, comma-separated.</summary>
    public static string[] Scenarios(string value, string[] all)
    {
        var list = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = list.Except(all).ToList();
        return unknown.Count == 0 && list.Length > 0
            ? list
            : throw new ArgumentException($"--scenarios: {string.Join(", ", unknown)} ({string.Join(", ", all)})");
    }

    public static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer, not '{value}'");

    /// <summary>A share of the whole, in (0, 1].</summary>
    public static double Share(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x is > 0 and <= 1
            ? x
            : throw new ArgumentException($"{name} must be in (0, 1]");

    /// <summary>build/bench/results/&lt;benchmark&gt;-&lt;date&gt;.json</summary>
    public static string ResultPath(string repoRoot, string benchmark) =>
        Path.Combine(repoRoot, "build", "bench", "results", $"{benchmark}-{DateTime.Now:yyyy-MM-dd}.json");

    /// <summary>Runs a benchmark command; exit code 0 when <paramref name="passed"/>, 1 when not, 2 on a bad option.</summary>
    public static async Task<int> RunAsync<TOptions, TReport>(
        string[] args, string usage, Func<string[], TOptions> parse, Func<TOptions, string> outputPath,
        Func<TOptions, CancellationToken, Task<TReport>> run, Func<TReport, string> table, Func<TReport, bool> passed)
    {
        // anywhere: the scripts put their own --app first
        if (args is ["help", ..] || args.Any(a => a is "-h" or "--help"))
        {
            Console.WriteLine(usage);
            return 0;
        }
        TOptions options;
        try
        {
            options = parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(usage);
            return 2;
        }
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        var report = await run(options, cts.Token);
        Console.WriteLine(table(report));
        var output = outputPath(options);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report, Json) + "\n", cts.Token);
        Console.WriteLine($"JSON: {output}");
        return passed(report) ? 0 : 1;
    }
}
