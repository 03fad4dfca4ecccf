using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;

namespace Crm.Modules.Inbox.Mail;

/// <summary>
/// An open, logged-in connection to one folder, opened read-only by <see cref="MailboxReader"/>. Read
/// pages with <see cref="ReadAsync"/> until <see cref="MailPage.More"/> is false, then dispose (it logs
/// out). One session is for one caller at a time, like the IMAP connection under it.
/// </summary>
internal sealed class MailboxSession : IAsyncDisposable
{
    private readonly ImapClient client;
    private readonly IMailFolder folder;
    private readonly MailboxSettings settings;
    private readonly MailReaderOptions options;
    private readonly MailParser parser;

    internal MailboxSession(ImapClient client, IMailFolder folder, MailboxSettings settings, MailReaderOptions options)
    {
        this.client = client;
        this.folder = folder;
        this.settings = settings;
        this.options = options;
        parser = new MailParser(options);
    }

    /// <summary>
    /// The folder's UIDVALIDITY. UIDs mean something only together with it: when it differs from the
    /// one stored with the last UID, the folder was recreated (or the server rebuilt it) and the old
    /// UIDs are void.
    /// </summary>
    public uint UidValidity => folder.UidValidity;

    /// <summary>The UID the server will give the next mail (null when the server does not say).</summary>
    public uint? UidNext => folder.UidNext?.Id;

    /// <summary>The mails with a UID greater than <paramref name="afterUid"/>, in UID order, at most one page.</summary>
    public async Task<MailPage> ReadAsync(uint afterUid, CancellationToken ct)
    {
        if (afterUid == uint.MaxValue)
        {
            return new MailPage(UidValidity, [], afterUid, false);
        }
        // "n:*" always matches the newest mail even when its UID is below n: filter again.
        var found = await Step(() => folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId(afterUid + 1), UniqueId.MaxValue)), ct), ct);
        var uids = found.Where(u => u.Id > afterUid).OrderBy(u => u.Id).ToList();
        if (uids.Count == 0)
        {
            return new MailPage(UidValidity, [], afterUid, false);
        }

        var candidates = uids.Take(options.PageSize).ToList();
        var summaries = await Step(() => folder.FetchAsync(candidates, MessageSummaryItems.UniqueId | MessageSummaryItems.Size | MessageSummaryItems.InternalDate, ct), ct);
        var mails = new List<IncomingMail>();
        long bytes = 0;
        foreach (var summary in summaries.OrderBy(s => s.UniqueId.Id))
        {
            var size = (long)(summary.Size ?? 0);
            if (mails.Count > 0 && bytes + size > options.MaxPageBytes)
            {
                break;
            }
            bytes += size;
            var origin = new MailOrigin(summary.UniqueId.Id, size, summary.InternalDate);
            mails.Add(size > options.MaxMessageBytes ? await ReadBigAsync(summary.UniqueId, origin, ct) : await ReadWholeAsync(summary.UniqueId, origin, ct));
        }
        // A mail expunged between the search and the fetch is simply not there.
        var last = mails.Count > 0 ? mails[^1].Uid : afterUid;
        return new MailPage(UidValidity, mails, last, uids.Any(u => u.Id > last));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(true, quick.Token);
            }
        }
        catch (Exception e) when (e is IOException or ImapProtocolException or ServiceNotConnectedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // Logging out is a courtesy; a dead connection has nothing to log out of.
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task<IncomingMail> ReadWholeAsync(UniqueId uid, MailOrigin origin, CancellationToken ct)
    {
        using var message = await Step(() => folder.GetMessageAsync(uid, ct), ct);
        return parser.Parse(message, origin);
    }

    // Over MaxMessageBytes: the headers, the text and HTML bodies and the structure only.
    private async Task<IncomingMail> ReadBigAsync(UniqueId uid, MailOrigin origin, CancellationToken ct)
    {
        var summaries = await Step(() => folder.FetchAsync([uid], MessageSummaryItems.Headers | MessageSummaryItems.BodyStructure, ct), ct);
        var summary = summaries.Single();
        var message = new MimeMessage();
        message.Headers.Clear();
        foreach (var header in summary.Headers ?? [])
        {
            message.Headers.Add(header);
        }
        var bodies = new List<MimeEntity>();
        foreach (var part in new BodyPart?[] { summary.TextBody, summary.HtmlBody }.OfType<BodyPartText>())
        {
            if (part.Octets <= options.MaxMessageBytes)
            {
                bodies.Add(await Step(() => folder.GetBodyPartAsync(uid, part, ct), ct));
            }
        }
        message.Body = bodies.Count switch
        {
            0 => new TextPart("plain") { Text = "" },
            1 => bodies[0],
            _ => new MultipartAlternative(bodies.ToArray()),
        };
        var listed = summary.BodyParts
            .Where(p => p != summary.TextBody && p != summary.HtmlBody)
            .Select((p, i) => new MailAttachment(
                MailParser.SafeFileName(p.FileName, i + 1, p.ContentType.MimeType),
                p.ContentType.MimeType,
                DecodedSize(p),
                !p.IsAttachment,
                null))
            .ToList();
        using (message)
        {
            return parser.Parse(message, origin, listed);
        }
    }

    // The decoded size from the encoded one: base64 carries 57 bytes in a 78-byte line.
    private static long DecodedSize(BodyPartBasic part) =>
        string.Equals(part.ContentTransferEncoding, "base64", StringComparison.OrdinalIgnoreCase) ? (long)part.Octets * 57 / 78 : (long)part.Octets;

    private Task<T> Step<T>(Func<Task<T>> action, CancellationToken ct) =>
        MailboxReader.Step(settings, MailboxFailure.Protocol, action, ct);
}
