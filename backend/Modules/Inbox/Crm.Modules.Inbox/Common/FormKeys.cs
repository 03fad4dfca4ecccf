using System.Buffers.Text;
using System.Security.Cryptography;

namespace Crm.Modules.Inbox.Common;

/// <summary>A form's public key: 32 random bytes in base64url (43 characters), made by the server only.</summary>
internal static class FormKeys
{
    public const int Length = 43;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether the text could be a key at all: anything else is answered 404 without a query.</summary>
    public static bool IsWellFormed(string? key) =>
        key is { Length: Length } && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
