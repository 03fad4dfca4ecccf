using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Crm.Bench.Abuse;

/// <summary>
/// A POST over a bare socket that sends its whole body without waiting for the server, as a flood does, while it reads
/// the answer. HttpClient cannot be used here: when the server answers 413 and closes before the body is through, it
/// reports only the broken pipe of its send, never the answer it was given.
/// </summary>
internal static class RawPost
{
    private const int Piece = 64 * 1024;

    /// <summary>Sends the request (<c>Connection: close</c>) and reads until the server closes; the status line and Retry-After of what came back.</summary>
    public static async Task<Outcome> SendAsync(Uri baseAddress, string path, Caller browser, string ip, byte[] body, bool chunked, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port, ct);
        var stream = tcp.GetStream();
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: close\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: application/json\r\nCookie: {browser.CookieHeader}\r\nX-XSRF-TOKEN: {browser.Xsrf}\r\nX-Forwarded-For: {ip}\r\n")
            .Append(chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {body.Length}\r\n")
            .Append("\r\n");
        var sending = SendBodyAsync(stream, Encoding.ASCII.GetBytes(head.ToString()), body, chunked, ct);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(1));
        using var received = new MemoryStream();
        string? error = null;
        try
        {
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = await stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            error = ex.GetBaseException().Message; // a reset after the answer: what came before it counts
        }
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        tcp.Close();
        await sending;

        var answer = Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
        var lines = answer.Split("\r\n");
        if (lines[0].Split(' ') is [var version, var code, ..] && version.StartsWith("HTTP/", StringComparison.Ordinal)
            && int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var status))
        {
            var retryAfter = lines.TakeWhile(l => l.Length > 0)
                .Where(l => l.StartsWith("Retry-After:", StringComparison.OrdinalIgnoreCase))
                .Select(l => int.TryParse(l["Retry-After:".Length..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : (int?)null)
                .FirstOrDefault();
            return new Outcome(status, ms, retryAfter, status >= 400 ? answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..] : null);
        }
        return new Outcome(null, ms, null, error ?? $"not an HTTP answer: {Answers.Shorten(answer)}");
    }

    /// <summary>The head, then the body in 64 KB pieces (as chunks when <paramref name="chunked"/>), until done or the server hangs up.</summary>
    private static async Task SendBodyAsync(NetworkStream stream, byte[] head, byte[] body, bool chunked, CancellationToken ct)
    {
        try
        {
            await stream.WriteAsync(head, ct);
            for (var at = 0; at < body.Length; at += Piece)
            {
                var piece = body.AsMemory(at, Math.Min(Piece, body.Length - at));
                if (chunked)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{piece.Length:x}\r\n"), ct);
                }
                await stream.WriteAsync(piece, ct);
                if (chunked)
                {
                    await stream.WriteAsync("\r\n"u8.ToArray(), ct);
                }
            }
            if (chunked)
            {
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), ct);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // the server answered and hung up before the body was through: the answer is what counts
        }
    }
}
