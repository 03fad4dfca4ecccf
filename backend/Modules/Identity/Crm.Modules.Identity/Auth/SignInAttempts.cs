using Crm.BuildingBlocks.Web;
using Dapper;
using Npgsql;

namespace Crm.Modules.Identity.Auth;

/// <summary>
/// Who tried to sign in to which account from where (<c>identity.sign_in_attempts</c>), and what that
/// costs them. Failures from one IP to one account since that IP's last success there are free up to
/// <see cref="AbuseLimitsOptions.SignInFreeFailures"/>; after that the IP waits
/// <see cref="AbuseLimitsOptions.SignInFirstDelay"/> after its last failure, doubling with each further
/// failure up to <see cref="AbuseLimitsOptions.SignInMaxDelay"/>. Nobody else waits: the user at
/// their own IP signs in as before. An account that takes more than
/// <see cref="AbuseLimitsOptions.SignInAccountFailuresPerMinute"/> failures a minute from all IPs
/// together (many IPs, one target) is closed for a minute to every IP but those that signed in to it
/// within <see cref="AbuseLimitsOptions.SignInTrustedFor"/>. A refused attempt checks no password and
/// is not recorded. Unknown e-mails are treated the same, so the answers tell nothing about accounts.
/// One attempt per (e-mail, IP) is judged at a time (<see cref="TryTakeTurnAsync"/>).
/// </summary>
internal static class SignInAttempts
{
    /// <summary>How long a failure counts; the cleanup deletes failures older than this.</summary>
    public static readonly TimeSpan FailureMemory = TimeSpan.FromDays(1);

    /// <summary>The first key of the sign-in's advisory locks (two-key locks never meet the app's one-key ones).</summary>
    private const int TurnLocks = 0x5349676E;

    /// <summary>
    /// Whether this attempt is the only one of this (e-mail, IP) being judged; if so it holds the turn until its
    /// transaction ends. Without it, guesses sent at once all pass <see cref="WaitAsync"/> before any is recorded:
    /// one IP gets as many as it sends at once and can trip the account's ceiling alone, keeping the owner out at a
    /// new IP. A second attempt meanwhile is refused rather than queued, so a flood holds no connection waiting.
    /// </summary>
    public static Task<bool> TryTakeTurnAsync(NpgsqlConnection conn, string email, string ip) =>
        conn.ExecuteScalarAsync<bool>(
            "select pg_try_advisory_xact_lock(@TurnLocks, hashtext(@email || ' ' || @ip))", new { TurnLocks, email, ip });

    /// <summary>How long this IP must still wait before it may try this account, or null when it may now.</summary>
    public static async Task<TimeSpan?> WaitAsync(NpgsqlConnection conn, string email, string ip, DateTimeOffset now, AbuseLimitsOptions limits)
    {
        var state = await conn.QuerySingleAsync<State>(
            """
            with mine as (
                select at, succeeded from identity.sign_in_attempts where email = @email and ip = @ip and at > @trustedSince
            ), last_success as (
                select max(at) as at from mine where succeeded
            ), my_failures as (
                select at from mine where not succeeded and at > @failuresSince and at > coalesce((select at from last_success), '-infinity')
            ), account_failures as (
                select at from identity.sign_in_attempts where email = @email and not succeeded and at > @minuteAgo
            )
            select (select count(*)::int from my_failures) as Failures,
                   (select max(at) from my_failures) as LastFailure,
                   (select at from last_success) is not null as Trusted,
                   (select count(*)::int from account_failures) as AccountFailures,
                   (select min(at) from account_failures) as FirstAccountFailure
            """,
            new
            {
                email,
                ip,
                trustedSince = now - limits.SignInTrustedFor,
                failuresSince = now - FailureMemory,
                minuteAgo = now - TimeSpan.FromMinutes(1),
            });
        var wait = TimeSpan.Zero;
        if (state.Failures >= limits.SignInFreeFailures && state.LastFailure is { } last)
        {
            var doublings = Math.Min(state.Failures - limits.SignInFreeFailures, 30);
            var delay = TimeSpan.FromTicks(Math.Min(limits.SignInFirstDelay.Ticks * (1L << doublings), limits.SignInMaxDelay.Ticks));
            wait = last + delay - now;
        }
        if (!state.Trusted && state.AccountFailures >= limits.SignInAccountFailuresPerMinute && state.FirstAccountFailure is { } first)
        {
            var ceiling = first + TimeSpan.FromMinutes(1) - now;
            wait = ceiling > wait ? ceiling : wait;
        }
        return wait > TimeSpan.Zero ? wait : null;
    }

    public static Task RecordAsync(NpgsqlConnection conn, string email, string ip, bool succeeded, DateTimeOffset now) =>
        conn.ExecuteAsync(
            "insert into identity.sign_in_attempts (email, ip, at, succeeded) values (@email, @ip, @now, @succeeded)",
            new { email, ip, now, succeeded });

    /// <summary>An admin's password reset: the account's failures no longer delay anyone.</summary>
    public static Task ForgetFailuresAsync(NpgsqlConnection conn, string email) =>
        conn.ExecuteAsync("delete from identity.sign_in_attempts where email = @email and not succeeded", new { email });

    private sealed record State(int Failures, DateTimeOffset? LastFailure, bool Trusted, int AccountFailures, DateTimeOffset? FirstAccountFailure);
}
