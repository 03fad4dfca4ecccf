namespace Crm.Bench;

/// <summary>
/// A benchmark command's options as given: "--keep-db" alone, every other as "--name value" (a name given twice: the
/// last). The command takes each by name with its default, and <see cref="CommandLine.Read{T}"/> refuses the names it
/// did not take. The options every command has (--pg, --app, --out) are taken the same way everywhere.
/// </summary>
public sealed class OptionReader
{
    private readonly Dictionary<string, string> given = new(StringComparer.Ordinal);
    private readonly List<string> order = [];
    private readonly HashSet<string> taken = new(StringComparer.Ordinal);

    internal OptionReader(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--keep-db")
            {
                KeepDatabase = true;
                continue;
            }
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"missing value for {name}");
            }
            given[name] = args[++i];
            order.Add(name);
        }
    }

    /// <summary>--keep-db: do not drop the benchmark database.</summary>
    public bool KeepDatabase { get; }

    /// <summary>The value of <paramref name="name"/>, or null when not given.</summary>
    public string? Text(string name)
    {
        taken.Add(name);
        return given.GetValueOrDefault(name);
    }

    public string Text(string name, string fallback) => Text(name) ?? fallback;

    public int Positive(string name, int fallback) => Text(name) is { } value ? CommandLine.Positive(name, value) : fallback;

    /// <summary>A positive integer, or null when not given.</summary>
    public int? Positive(string name) => Text(name) is { } value ? CommandLine.Positive(name, value) : null;

    /// <summary>The value read by <paramref name="parse"/> (name, text; throws <see cref="ArgumentException"/>), or <paramref name="fallback"/>.</summary>
    public T Value<T>(string name, T fallback, Func<string, string, T> parse) => Text(name) is { } value ? parse(name, value) : fallback;

    /// <summary>--pg: the PostgreSQL server, by default <see cref="CommandLine.DefaultServer"/>.</summary>
    public string Server() => Text("--pg", CommandLine.DefaultServer);

    /// <summary>--app: the published host's directory, by default .build/bench-app.</summary>
    public string App(string repoRoot) => Path.GetFullPath(Text("--app") ?? Path.Combine(repoRoot, ".build", "bench-app"));

    /// <summary>--out: the JSON results, by default build/bench/results/&lt;benchmark&gt;-&lt;date&gt;.json.</summary>
    public string Output(string repoRoot, string benchmark) => Text("--out") ?? CommandLine.ResultPath(repoRoot, benchmark);

    /// <summary>Throws on the first option given that the command did not take.</summary>
    internal void RefuseUnknown()
    {
        if (order.FirstOrDefault(name => !taken.Contains(name)) is { } unknown)
        {
            throw new ArgumentException($"unknown option: {unknown}");
        }
    }
}
