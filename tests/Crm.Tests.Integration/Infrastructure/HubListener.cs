using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Crm.Tests.Integration.Infrastructure;

/// <summary>
/// A real SignalR client of the hub (/hubs/crm) on the test server: signs in as a browser does, then
/// connects with that cookie (long polling) and collects the messages of one method, watching a
/// topic when given.
/// </summary>
public sealed class HubListener : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly Channel<JsonElement> messages = Channel.CreateUnbounded<JsonElement>();

    private HubListener(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public static async Task<HubListener> ConnectAsync(CrmApp app, string email, string password, string method, string? topic = null)
    {
        var server = app.Factory.Server;
        var signIn = new BrowserHandler { InnerHandler = server.CreateHandler() };
        using (var http = new HttpClient(signIn) { BaseAddress = server.BaseAddress })
        {
            await http.GetAsync("/api/identity/me");
            (await http.PostAsJsonAsync("/api/identity/sign-in", new { email, password })).EnsureSuccessStatusCode();
        }
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/crm"), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ =>
                {
                    var handler = new BrowserHandler { InnerHandler = server.CreateHandler() };
                    handler.Cookies.Add(signIn.Cookies.GetAllCookies());
                    return handler;
                };
            })
            .Build();
        var listener = new HubListener(connection);
        connection.On<JsonElement>(method, m => listener.messages.Writer.TryWrite(m));
        await connection.StartAsync();
        if (topic is not null)
        {
            await connection.InvokeAsync("Watch", topic);
        }
        return listener;
    }

    /// <summary>The next message that <paramref name="wanted"/> accepts (any, when not given), skipping others; fails after 15 seconds.</summary>
    public async Task<JsonElement> NextAsync(Func<JsonElement, bool>? wanted = null)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var message = await messages.Reader.ReadAsync(timeout.Token);
            if (wanted is null || wanted(message))
            {
                return message;
            }
        }
    }

    /// <summary>A message already received, if any.</summary>
    public bool TryRead(out JsonElement message) => messages.Reader.TryRead(out message);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
