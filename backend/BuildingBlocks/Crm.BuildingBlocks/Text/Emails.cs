using System.Net.Mail;

namespace Crm.BuildingBlocks.Text;

/// <summary>E-mail addresses compared as our users mean them: trimmed, lower case.</summary>
public static class Emails
{
    /// <summary>RFC 5321's limit on an address.</summary>
    public const int MaxLength = 254;

    /// <summary>The address trimmed and in lower case, or false when it is not one address.</summary>
    public static bool TryNormalize(string? text, out string address)
    {
        address = "";
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength || trimmed.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }
        if (!MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || !parsed.Host.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }
        address = trimmed.ToLowerInvariant();
        return true;
    }
}
