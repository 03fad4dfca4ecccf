using Microsoft.AspNetCore.DataProtection;

namespace Crm.Modules.Inbox.Mail;

/// <summary>
/// Keeps mailbox passwords encrypted with ASP.NET Data Protection (the app's key ring, which Identity keeps
/// in the database, so every instance reads what another wrote). Nothing else sees them in clear: the API
/// never returns one.
/// </summary>
internal sealed class MailboxPasswords(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("Crm.Inbox.MailboxPassword.v1");

    public string Protect(string password) => protector.Protect(password);

    public string Reveal(string protectedPassword) => protector.Unprotect(protectedPassword);
}
