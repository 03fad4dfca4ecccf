using System.Net;
using System.Net.Sockets;

namespace Crm.Tests.Integration.Infrastructure;

/// <summary>
/// A TCP relay to PostgreSQL that a test can cut: an outage as the app sees it (connections
/// dropped, new ones refused) without stopping the server the other test classes share.
/// </summary>
public sealed class TcpCutter : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly List<TcpClient> open = [];
    private readonly CancellationTokenSource stop = new();
    private volatile bool cut;

    public TcpCutter(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Drops every relayed connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        cut = true;
        lock (open)
        {
            foreach (var c in open)
            {
                Reset(c);
            }
            open.Clear();
        }
    }

    public void Restore() => cut = false;

    /// <summary>Closes with a reset (RST), as a lost server or network does; nothing when closed already.</summary>
    private static void Reset(TcpClient client)
    {
        try
        {
            if (client.Client is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (ObjectDisposedException)
        {
        }
        client.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            if (cut)
            {
                Reset(inbound);
                continue;
            }
            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        try
        {
            await outbound.ConnectAsync(targetHost, targetPort, stop.Token);
            lock (open)
            {
                open.Add(inbound);
                open.Add(outbound);
            }
            using var both = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            var a = inbound.GetStream().CopyToAsync(outbound.GetStream(), both.Token);
            var b = outbound.GetStream().CopyToAsync(inbound.GetStream(), both.Token);
            await Task.WhenAny(a, b);
            await both.CancelAsync();
        }
        catch (Exception)
        {
            // a cut or a closed side ends the relay
        }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Dispose();
        Cut();
        stop.Dispose();
    }
}
