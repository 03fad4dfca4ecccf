using Crm.BuildingBlocks.Web;
using Microsoft.AspNetCore.Identity;

namespace Crm.Modules.Identity.Auth;

/// <summary>
/// PBKDF2 password hashes (ASP.NET Core Identity's hasher, without the rest of Identity). Every hash
/// and check waits for its turn at the <see cref="PasswordHashingGate"/>.
/// </summary>
internal sealed class Passwords(PasswordHashingGate gate)
{
    private static readonly object Subject = new();
    private readonly PasswordHasher<object> hasher = new();
    private readonly Lazy<string> dummyHash = new(() => new PasswordHasher<object>().HashPassword(Subject, Guid.NewGuid().ToString()));

    public async Task<string> HashAsync(string password, CancellationToken ct)
    {
        using var turn = await gate.EnterAsync(ct);
        return hasher.HashPassword(Subject, password);
    }

    public async Task<bool> VerifyAsync(string hash, string password, CancellationToken ct)
    {
        using var turn = await gate.EnterAsync(ct);
        return hasher.VerifyHashedPassword(Subject, hash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>Spends the time a real check would, so a missing account does not answer faster.</summary>
    public Task VerifyNothingAsync(string password, CancellationToken ct) => VerifyAsync(dummyHash.Value, password, ct);
}
