using Crm.BuildingBlocks.Web;
using Microsoft.AspNetCore.Identity;

namespace Crm.Modules.Identity.Auth;

/// <summary>
/// PBKDF2 password hashes (ASP.NET Core Identity's hasher, without the rest of Identity). Every hash
/// and check runs in the request's turn at the <see cref="PasswordHashingGate"/> (<see cref="PasswordTurn"/>:
/// the turn its command took before the transaction, or one taken here).
/// </summary>
internal sealed class Passwords(PasswordTurn turn)
{
    private static readonly object Subject = new();
    private readonly PasswordHasher<object> hasher = new();
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<object>().HashPassword(Subject, Guid.NewGuid().ToString()));

    public async Task<string> HashAsync(string password, CancellationToken ct)
    {
        using var held = await turn.TakeAsync(ct);
        return hasher.HashPassword(Subject, password);
    }

    public async Task<bool> VerifyAsync(string hash, string password, CancellationToken ct)
    {
        using var held = await turn.TakeAsync(ct);
        return hasher.VerifyHashedPassword(Subject, hash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>Spends the time a real check would, so a missing account does not answer faster.</summary>
    public Task VerifyNothingAsync(string password, CancellationToken ct) => VerifyAsync(DummyHash.Value, password, ct);
}
