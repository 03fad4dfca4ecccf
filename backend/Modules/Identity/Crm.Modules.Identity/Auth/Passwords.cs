using Microsoft.AspNetCore.Identity;

namespace Crm.Modules.Identity.Auth;

/// <summary>PBKDF2 password hashes (ASP.NET Core Identity's hasher, without the rest of Identity).</summary>
internal sealed class Passwords
{
    private static readonly object Subject = new();
    private readonly PasswordHasher<object> hasher = new();
    private readonly Lazy<string> dummyHash;

    public Passwords() => dummyHash = new Lazy<string>(() => Hash(Guid.NewGuid().ToString()));

    public string Hash(string password) => hasher.HashPassword(Subject, password);

    public bool Verify(string hash, string password) =>
        hasher.VerifyHashedPassword(Subject, hash, password) != PasswordVerificationResult.Failed;

    /// <summary>Spends the time a real check would, so a missing account does not answer faster.</summary>
    public void VerifyNothing(string password) => Verify(dummyHash.Value, password);
}
