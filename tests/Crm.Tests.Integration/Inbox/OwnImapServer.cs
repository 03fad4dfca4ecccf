using System.Diagnostics;
using System.Globalization;

namespace Crm.Tests.Integration.Inbox;

/// <summary>
/// A Dovecot instance of a test's own (build/imap.sh, ports picked free, data in .data/imap-own-test),
/// for what the shared one cannot take: being stopped and started again. Stopped and removed on
/// dispose. One test at a time uses it.
/// </summary>
internal sealed class OwnImapServer : IAsyncDisposable
{
    private readonly string dir;
    private readonly int port;
    private readonly int tlsPort;

    private OwnImapServer(string dir, int port, int tlsPort)
    {
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    public ImapServer Server => new(("127.0.0.1", port), ("127.0.0.1", tlsPort));

    public static async Task<OwnImapServer> StartAsync()
    {
        // One fixed place per checkout: what an interrupted run left (even still running) goes first.
        var dir = Path.Combine(RepositoryRoot(), ".data", "imap-own-test");
        var server = new OwnImapServer(dir, MailboxReaderTests.FreePort(), MailboxReaderTests.FreePort());
        await server.DisposeAsync();
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts it (again), on the same ports and the same mail; returns once it greets on both ports.</summary>
    public Task StartAgainAsync() => ScriptAsync("start", dir, Port(port), Port(tlsPort));

    public Task StopAsync() => ScriptAsync("stop", dir);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (System.IO.Directory.Exists(dir))
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }

    private static string Port(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task ScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "build", "imap.sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["IMAP_PASSWORD"] = TestImap.Password;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"build/imap.sh {string.Join(' ', arguments)} failed:\n{await stdout}{await stderr}");
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Crm.Modular.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException($"No Crm.Modular.sln above {AppContext.BaseDirectory}.");
    }
}
