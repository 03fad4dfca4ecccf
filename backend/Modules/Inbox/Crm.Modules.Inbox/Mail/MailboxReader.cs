using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Crm.Modules.Inbox.Mail;

/// <summary>
/// Opens a shared mailbox over IMAP with MailKit: connects (with the configured TLS), logs in and
/// opens the folder read-only, so reading marks nothing as seen. Nothing is retried here: every
/// failure is a <see cref="MailboxException"/> saying what failed, and the caller backs off.
/// </summary>
internal sealed class MailboxReader(MailReaderOptions options)
{
    public MailboxReader()
        : this(MailReaderOptions.Default)
    {
    }

    public async Task<MailboxSession> OpenAsync(MailboxSettings settings, CancellationToken ct)
    {
        var client = new ImapClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        if (settings.AcceptSelfSignedCertificate)
        {
            client.ServerCertificateValidationCallback = AcceptSelfSigned;
        }
        try
        {
            await Step(settings, MailboxFailure.Connection, () => client.ConnectAsync(settings.Host, settings.Port, Socket(settings.Security), ct), ct);
            // Only a password is configured: never try the OAuth mechanisms a server offers.
            client.AuthenticationMechanisms.Remove("XOAUTH2");
            client.AuthenticationMechanisms.Remove("OAUTHBEARER");
            await Step(settings, MailboxFailure.Authentication, () => client.AuthenticateAsync(settings.User, settings.Password, ct), ct);
            var folder = await Step(settings, MailboxFailure.FolderNotFound, () => FolderAsync(client, settings.Folder, ct), ct);
            await Step(settings, MailboxFailure.Protocol, () => folder.OpenAsync(FolderAccess.ReadOnly, ct), ct);
            return new MailboxSession(client, folder, settings, options);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<IMailFolder> FolderAsync(ImapClient client, string name, CancellationToken ct) =>
        string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(name, ct);

    private static SecureSocketOptions Socket(MailSecurity security) => security switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.SslOnConnect,
    };

    private static async Task Step(MailboxSettings settings, MailboxFailure failure, Func<Task> action, CancellationToken ct) =>
        await Step(settings, failure, async () =>
        {
            await action();
            return true;
        }, ct);

    /// <summary>Runs one step and turns MailKit's and the network's exceptions into <see cref="MailboxException"/>.</summary>
    internal static async Task<T> Step<T>(MailboxSettings settings, MailboxFailure failure, Func<Task<T>> action, CancellationToken ct)
    {
        try
        {
            return await action();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not MailboxException && Classify(e, failure) is { } kind)
        {
            throw MailboxException.Of(kind, settings, e);
        }
    }

    private static MailboxFailure? Classify(Exception e, MailboxFailure failure) => e switch
    {
        SslHandshakeException or System.Security.Authentication.AuthenticationException => MailboxFailure.Tls,
        AuthenticationException => MailboxFailure.Authentication,
        FolderNotFoundException => MailboxFailure.FolderNotFound,
        TimeoutException or OperationCanceledException => MailboxFailure.Timeout,
        IOException { InnerException: SocketException { SocketErrorCode: SocketError.TimedOut } } => MailboxFailure.Timeout,
        SocketException or IOException or ServiceNotConnectedException or ImapProtocolException => MailboxFailure.Connection,
        // A command the server refused: it is about the step that sent it (login, folder), else protocol.
        ImapCommandException or ServiceNotAuthenticatedException or NotSupportedException =>
            failure == MailboxFailure.Connection ? MailboxFailure.Protocol : failure,
        _ => null,
    };

    /// <summary>
    /// The certificate is fine, or its only fault is that it signed itself (nothing else: it is in
    /// date and names the host we asked for).
    /// </summary>
    private static bool AcceptSelfSigned(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || chain is null)
        {
            return false;
        }
        var cert = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var selfSigned = cert.SubjectName.RawData.AsSpan().SequenceEqual(cert.IssuerName.RawData);
        return selfSigned && chain.ChainStatus.All(s => s.Status is X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.NoError);
    }
}
