using Crm.Modules.Inbox.Mail;

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
}
