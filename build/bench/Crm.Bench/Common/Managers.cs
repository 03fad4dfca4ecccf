using Crm.Bench.Board;

namespace Crm.Bench;

/// <summary>A manager of the benchmark: created through the API, signed in, with a personal API token.</summary>
internal sealed record Manager(Guid Id, string Email, string Token);

internal static class Managers
{
    /// <summary>Managers created by the admin (manager01…), each signed in once, as a browser, to make a personal API token.</summary>
    public static async Task<Manager[]> CreateAsync(Uri baseAddress, HttpClient admin, int count, string tokenName, CancellationToken ct)
    {
        var ids = await BoardBenchmark.CreateUsersAsync(admin, count, ct);
        var managers = new Manager[count];
        for (var i = 0; i < count; i++)
        {
            var email = $"manager{i + 1:00}@bench.local";
            using var session = await BrowserSession.SignInAsync(baseAddress, email, BoardBenchmark.ManagerPassword, ct);
            var token = (await session.SendAsync(HttpMethod.Post, "api/identity/me/tokens", new { name = tokenName }, "create API token", ct))
                .GetProperty("token").GetString()!;
            managers[i] = new Manager(ids[i], email, token);
        }
        return managers;
    }
}
