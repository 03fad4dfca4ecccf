using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.BuildingBlocks.Web;

/// <summary>
/// How much one caller may ask of the app (section <c>AbuseLimits</c>). The rate limits are ASP.NET
/// Core's rate limiter, named policies an endpoint takes with <c>.RequireRateLimiting(...)</c>; a
/// refusal is a 429 problem with <c>Retry-After</c>. Password hashing, the one thing an anonymous
/// caller can make expensive, goes through <see cref="PasswordHashingGate"/>. The sign-in's delay per
/// (e-mail, IP) lives in Identity (<c>Auth/SignInAttempts</c>) and takes its numbers from here.
/// </summary>
public sealed class AbuseLimitsOptions
{
    public const string Section = "AbuseLimits";

    /// <summary>Sign-in requests per client IP per minute (policy <see cref="AbuseLimits.SignIn"/>).</summary>
    public int SignInPerMinute { get; set; } = 30;

    /// <summary>API tokens a user may create per hour (policy <see cref="AbuseLimits.ApiTokens"/>).</summary>
    public int ApiTokensPerHour { get; set; } = 10;

    /// <summary>Submissions of a public form per client IP per minute (policy <see cref="AbuseLimits.PublicForm"/>).</summary>
    public int PublicFormPerMinute { get; set; } = 10;

    /// <summary>Passwords hashed or checked at once; 0 means half the cores (at least one), so a burst leaves a core for everything else.</summary>
    public int PasswordHashingConcurrency { get; set; }

    /// <summary>Hashings that wait for a turn; beyond them a request gets 503 with Retry-After.</summary>
    public int PasswordHashingQueue { get; set; } = 50;

    /// <summary>Failed sign-ins from one IP to one account before that IP has to wait.</summary>
    public int SignInFreeFailures { get; set; } = 5;

    /// <summary>The wait after the first failure past the free ones; it doubles with each further failure.</summary>
    public TimeSpan SignInFirstDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest wait.</summary>
    public TimeSpan SignInMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed sign-ins to one account per minute from all IPs together, IPs it trusts excepted.</summary>
    public int SignInAccountFailuresPerMinute { get; set; } = 20;

    /// <summary>How long an IP that signed in to an account stays exempt from that account's ceiling.</summary>
    public TimeSpan SignInTrustedFor { get; set; } = TimeSpan.FromDays(30);

    internal int HashingConcurrency => PasswordHashingConcurrency > 0 ? PasswordHashingConcurrency : Math.Max(1, Environment.ProcessorCount / 2);
}

public static class AbuseLimits
{
    /// <summary>Sign-in: per client IP.</summary>
    public const string SignIn = "sign-in";

    /// <summary>Creating personal API tokens: per user.</summary>
    public const string ApiTokens = "api-tokens";

    /// <summary>Anonymous forms anyone on the internet may submit (the Inbox's web forms), per client IP.</summary>
    public const string PublicForm = "public-form";

    public static IServiceCollection AddAbuseLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AbuseLimitsOptions>(configuration.GetSection(AbuseLimitsOptions.Section));
        services.AddSingleton<PasswordHashingGate>();
        services.AddScoped<PasswordTurn>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, ct) => RejectAsync(context, ct);
            o.AddPolicy(SignIn, http => PerWindow(ClientIp(http), Options(http).SignInPerMinute, TimeSpan.FromMinutes(1)));
            o.AddPolicy(ApiTokens, http => PerWindow(
                http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? ClientIp(http), Options(http).ApiTokensPerHour, TimeSpan.FromHours(1)));
            o.AddPolicy(PublicForm, http => PerWindow(ClientIp(http), Options(http).PublicFormPerMinute, TimeSpan.FromMinutes(1)));
        });
        return services;
    }

    /// <summary>After authentication (a policy may key on the user) and after the forwarded headers (it keys on the client IP).</summary>
    public static IApplicationBuilder UseAbuseLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>
    /// The client as the limits see it: the connection's address, which the forwarded-headers
    /// middleware (Edges) has replaced by the client's when a trusted proxy sent it. An IPv6 client is
    /// its /64, as one host usually holds a whole /64.
    /// </summary>
    public static string ClientIp(HttpContext http)
    {
        var ip = http.Connection.RemoteIpAddress;
        if (ip is null)
        {
            return "unknown";
        }
        if (ip.IsIPv4MappedToIPv6)
        {
            return ip.MapToIPv4().ToString();
        }
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = ip.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return ip.ToString();
    }

    /// <summary>A Retry-After value: whole seconds, rounded up, at least one.</summary>
    public static string Seconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>"Try again in N s" in the caller's language.</summary>
    public static string TryAgainIn(TimeSpan wait) =>
        T.Pick($"Слишком много попыток. Повторите через {Seconds(wait)} с.", $"Too many attempts. Try again in {Seconds(wait)} s.");

    private static AbuseLimitsOptions Options(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<AbuseLimitsOptions>>().Value;

    private static RateLimitPartition<string> PerWindow(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = window,
            QueueLimit = 0,
        });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Seconds(wait);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = T.Pick("Слишком много попыток", "Too many requests"),
                Detail = TryAgainIn(wait),
            },
        });
    }
}

/// <summary>
/// Lets only <see cref="AbuseLimitsOptions.PasswordHashingConcurrency"/> password hashes run at once
/// (PBKDF2 is CPU by design), queues <see cref="AbuseLimitsOptions.PasswordHashingQueue"/> more, and
/// refuses the rest with 503 and Retry-After: a burst of sign-ins, however many IPs it comes from,
/// cannot take every core from the other requests.
/// </summary>
public sealed class PasswordHashingGate : IDisposable
{
    private readonly ConcurrencyLimiter limiter;

    public PasswordHashingGate(IOptions<AbuseLimitsOptions> options) => limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.HashingConcurrency,
        QueueLimit = Math.Max(0, options.Value.PasswordHashingQueue),
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>Waits for a turn; dispose the result when the hashing is done.</summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken ct)
    {
        var lease = await limiter.AcquireAsync(1, ct);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new RetryLaterException(StatusCodes.Status503ServiceUnavailable,
                T.Pick("Сервер сейчас проверяет слишком много паролей. Повторите через секунду.",
                    "The server is checking too many passwords right now. Try again in a second."),
                TimeSpan.FromSeconds(1));
        }
        return lease;
    }

    /// <summary>Requests waiting for a turn now.</summary>
    public long Waiting => limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    public void Dispose() => limiter.Dispose();
}
