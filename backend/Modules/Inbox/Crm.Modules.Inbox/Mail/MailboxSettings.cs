using System.Text;

namespace Crm.Modules.Inbox.Mail;

/// <summary>How the connection to the IMAP server is secured.</summary>
internal enum MailSecurity
{
    /// <summary>Plain IMAP, no TLS at all (a server on the same host or a test server only).</summary>
    None,

    /// <summary>Plain IMAP upgraded with STARTTLS, required: no login without it (usually port 143).</summary>
    StartTls,

    /// <summary>TLS from the first byte, "IMAPS" (usually port 993).</summary>
    Tls,
}

/// <summary>
/// One shared mailbox to read: where, how, as whom and which folder. The password is here in
/// clear because the reader needs it; it never shows in <see cref="ToString"/> (logs, exceptions).
/// </summary>
/// <param name="AcceptSelfSignedCertificate">
/// Accept a server certificate that is signed by itself (a test server, or a company's own server
/// without a public CA). Only that: an expired certificate, a name that does not match the host, or
/// a chain to an unknown CA is refused as always. Off by default.
/// </param>
internal sealed record MailboxSettings(
    string Host,
    int Port,
    MailSecurity Security,
    string User,
    string Password,
    string Folder = "INBOX",
    bool AcceptSelfSignedCertificate = false)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Host = {Host}, Port = {Port}, Security = {Security}, User = {User}, Password = ***, ")
            .Append($"Folder = {Folder}, AcceptSelfSignedCertificate = {AcceptSelfSignedCertificate}");
        return true;
    }
}
