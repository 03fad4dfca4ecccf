using Crm.Modules.Inbox.Mail;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Inbox;

/// <summary>
/// The IMAP server going away and coming back, on a Dovecot of this test's own: the reader says so
/// clearly, and afterwards reads on from the last UID under the same UIDVALIDITY, losing and
/// doubling nothing.
/// </summary>
public sealed class MailboxRestartTests
{
    [Fact]
    public async Task After_the_server_is_stopped_and_started_again_reading_goes_on_from_the_same_uid()
    {
        await using var own = await OwnImapServer.StartAsync();
        var server = own.Server;
        var user = TestImap.NewUser();
        var reader = new MailboxReader();
        await server.AppendAsync(user, MailboxReaderTests.Simple("До остановки"));

        await using var open = await reader.OpenAsync(server.Mailbox(user), CancellationToken.None);
        var before = await open.ReadAsync(0, CancellationToken.None);
        Assert.Equal("До остановки", Assert.Single(before.Mails).Subject);

        await own.StopAsync();
        var lost = await Assert.ThrowsAsync<MailboxException>(() => open.ReadAsync(before.LastUid, CancellationToken.None));
        Assert.Equal(MailboxFailure.Connection, lost.Failure);
        await Assert.ThrowsAsync<MailboxException>(() => reader.OpenAsync(server.Mailbox(user), CancellationToken.None));

        await own.StartAgainAsync();
        await server.AppendAsync(user, MailboxReaderTests.Simple("После запуска"));

        await using var again = await reader.OpenAsync(server.Mailbox(user), CancellationToken.None);
        Assert.Equal(before.UidValidity, again.UidValidity);
        var after = await again.ReadAsync(before.LastUid, CancellationToken.None);
        Assert.Equal("После запуска", Assert.Single(after.Mails).Subject);
        Assert.Equal(before.LastUid + 1, after.LastUid);
        Assert.False(after.More);
    }

    [Fact]
    public async Task The_poller_shows_the_server_down_retries_and_afterwards_has_taken_every_mail_once()
    {
        await using var own = await OwnImapServer.StartAsync();
        var server = own.Server;
        var user = TestImap.NewUser();
        var mail = new MailApp();
        await mail.InitializeAsync();
        try
        {
            var app = mail.App;
            using var admin = await app.SignedInAsync();
            var pipeline = await app.SalesPipelineAsync();
            var mailbox = await admin.MailboxAsync(pipeline, user, new { host = server.Plain.Host, port = server.Plain.Port });
            var id = mailbox.IdOf("id");
            await server.AppendAsync(user, MailboxKit.Mail("До остановки сервера"));
            await admin.WaitForRequestAsync(pipeline, "До остановки сервера");

            await own.StopAsync();
            var down = (await admin.WaitForStateAsync(id, "retrying")).GetProperty("status");
            Assert.Equal("connection", down.Str("lastFailure"));
            Assert.Contains(server.Plain.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), down.Str("lastError"));

            await own.StartAgainAsync();
            await server.AppendAsync(user, MailboxKit.Mail("После запуска сервера"));
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            await admin.WaitForRequestAsync(pipeline, "После запуска сервера");
            await admin.WaitForStateAsync(id, "ok");
            Assert.Equal(["После запуска сервера", "До остановки сервера"], (await admin.NewRequestsAsync(pipeline)).Select(r => r.Str("subject")));
        }
        finally
        {
            await mail.DisposeAsync();
        }
    }
}
