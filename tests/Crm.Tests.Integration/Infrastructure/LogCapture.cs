using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Crm.Tests.Integration.Infrastructure;

/// <summary>
/// A real logging provider that keeps every line it is given, with its category, its structured
/// values and the scopes around it (as the JSON console writes them), for tests of what the app logs.
/// Add it to a running app's <see cref="ILoggerFactory"/>; the app's logging rules decide what reaches it.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> lines = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            Append(line, state);
            capture.scopes.ForEachScope((scope, builder) => Append(builder.Append(" | scope"), scope), line);
            if (exception is not null)
            {
                line.Append(" | ").Append(exception);
            }
            capture.lines.Enqueue(line.ToString());
        }

        private static void Append(StringBuilder line, object? values)
        {
            line.Append(' ').Append(values);
            if (values is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    line.Append(' ').Append(key).Append('=').Append(value);
                }
            }
        }
    }
}
