using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;
using Npgsql;

namespace Crm.Bench.Inbox;

/// <summary>When the count of mails taken changed, seconds after the mailbox was created.</summary>
public sealed record MailProgress(double Seconds, long Mails);

public sealed record MailReport(
    string Server, string User, int Mails, int ExpectedRequests, int ExpectedReplies, int Html, int HtmlOnly, int WithAttachments, int Attachments,
    int LegacyCharset, long Bytes, double AppendSeconds, double CreateMs, double? FirstTakenSeconds, double? AllTakenSeconds, long Taken,
    double? MailsPerSecond, double? MailsPerSecondFromCreate, int Commits, long MailRows, long RequestRows, long ReplyRows, long AttachmentRows,
    long RegionRequests, string? MailboxState, long? MailsTakenApi, MailProgress[] Progress);

/// <summary>
/// A burst of mail in the shared mailbox: <see cref="InboxOptions.Mails"/> varied mails (<see cref="MailMaker"/>) are
/// put into a fresh user's INBOX on the benchmark's own IMAP server (Dovecot, build/imap.sh) with APPEND, as a
/// mail server's delivery would leave them; then the admin creates the mailbox through the API, and the database
/// is polled every 100 ms for the mails taken until all are in. Then every mail is checked: exactly one row each,
/// the new threads as requests, the replies in their thread's request, the attachments kept.
/// </summary>
internal sealed class MailBurst(Uri baseAddress, NpgsqlDataSource db, string adminToken, Guid pipelineId, InboxOptions options, List<Check> checks)
{
    private const string Password = "test-pass";

    public async Task<MailReport> RunAsync(CancellationToken ct)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var user = $"bench{DateTime.UtcNow:yyyyMMddHHmmss}";
        var mails = new MailMaker(options.Seed, user).Make(options.Mails, DateTimeOffset.UtcNow);
        var (appendSeconds, bytes) = await AppendAsync(user, mails, ct);
        Console.Error.WriteLine($"[inbox] {mails.Count} mails ({bytes / 1024} KB) appended to {options.ImapHost}:{options.ImapPort} as {user} in {appendSeconds:0.0} s");

        using var api = Api.Client(baseAddress, adminToken);
        var created = Stopwatch.GetTimestamp();
        using var response = await api.PostAsJsonAsync("api/inbox/mailboxes", new
        {
            name = "Отдел продаж (бенчмарк)",
            host = options.ImapHost,
            port = options.ImapPort,
            security = "none",
            user,
            password = Password,
            folder = "INBOX",
            pipelineId,
        }, ct);
        var createMs = Stopwatch.GetElapsedTime(created).TotalMilliseconds;
        await Api.EnsureAsync(response, "POST /api/inbox/mailboxes", ct);
        var mailboxId = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();

        // Every 100 ms: how many mails of this mailbox are in inbox.mails (committed a page at a time).
        var progress = new List<MailProgress>();
        var deadline = Stopwatch.GetTimestamp() + (long)(options.MailTimeout.TotalSeconds * Stopwatch.Frequency);
        long taken = 0;
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            while (taken < mails.Count && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(100, ct);
                var now = await conn.ExecuteScalarAsync<long>("select count(*) from inbox.mails where mailbox_id = @mailboxId", new { mailboxId });
                if (now != taken)
                {
                    taken = now;
                    progress.Add(new MailProgress(Math.Round(Stopwatch.GetElapsedTime(created).TotalSeconds, 2), now));
                    Console.Error.WriteLine($"[inbox] {progress[^1].Seconds,6:0.0} s: {now} mails taken");
                }
            }
        }
        double? first = progress.Count > 0 ? progress[0].Seconds : null;
        double? all = taken >= mails.Count ? progress[^1].Seconds : null;

        // The poll ends (state ok) a moment after its last page; then nothing more may come.
        var (state, mailsTaken) = await MailboxStatusAsync(api, mailboxId, ct);
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = (await c.QueryAsync<(string? MessageId, Guid RequestId, string Kind)>(
            "select message_id, request_id, kind from inbox.mails where mailbox_id = @mailboxId", new { mailboxId })).ToList();
        var (requestRows, regions) = await c.QuerySingleAsync<(long, long)>(
            """
            select count(*), count(r.region) from inbox.requests r
            where r.pipeline_id = @pipelineId and r.source = 'mail'
              and exists (select 1 from inbox.mails m where m.request_id = r.id and m.mailbox_id = @mailboxId)
            """, new { pipelineId, mailboxId });
        var attachmentRows = await c.ExecuteScalarAsync<long>(
            "select count(*) from inbox.mail_attachments a join inbox.mails m on m.id = a.mail_id where m.mailbox_id = @mailboxId", new { mailboxId });

        var expectedReplies = mails.Count(m => m.RootMessageId is not null);
        var expectedRequests = mails.Count - expectedReplies;
        var expectedAttachments = mails.Sum(m => m.Attachments);
        var replyRows = rows.Count(r => r.Kind == "reply");
        checks.Add(new Check($"mail: exactly {mails.Count} rows in inbox.mails, each Message-ID once",
            $"{rows.Count} rows, {rows.Select(r => r.MessageId).Distinct().Count()} Message-IDs", rows.Count == mails.Count && rows.Select(r => r.MessageId).Distinct().Count() == mails.Count));
        checks.Add(new Check($"mail: {expectedRequests} new threads → requests (source mail), {expectedReplies} replies → added to their thread's request",
            $"{requestRows} requests, {replyRows} reply rows", requestRows == expectedRequests && replyRows == expectedReplies));
        var requestOf = rows.Where(r => r.MessageId is not null).ToDictionary(r => r.MessageId!, r => r.RequestId);
        var misjoined = mails.Count(m => m.RootMessageId is { } root
            && (!requestOf.TryGetValue(m.MessageId, out var mine) || !requestOf.TryGetValue(root, out var theirs) || mine != theirs));
        checks.Add(new Check("mail: every reply is in the request of the thread it answers", $"{expectedReplies - misjoined} of {expectedReplies}", misjoined == 0));
        checks.Add(new Check($"mail: {expectedAttachments} attachments listed", $"{attachmentRows}", attachmentRows == expectedAttachments));
        checks.Add(new Check("mail: the mailbox's state ok and mailsTaken = the mails", $"state {state}, mailsTaken {mailsTaken}", state == "ok" && mailsTaken == mails.Count));

        var span = all is { } a && first is { } f && a > f ? a - f : (double?)null;
        return new MailReport(
            $"{options.ImapHost}:{options.ImapPort}", user, mails.Count, expectedRequests, expectedReplies,
            mails.Count(m => m.Html), mails.Count(m => m.HtmlOnly), mails.Count(m => m.Attachments > 0), expectedAttachments, mails.Count(m => m.LegacyCharset),
            bytes, Math.Round(appendSeconds, 2), Math.Round(createMs, 1), first, all, taken,
            span is { } s ? Math.Round(taken / s, 1) : null, all is { } t ? Math.Round(taken / t, 1) : null, progress.Count,
            rows.Count, requestRows, replyRows, attachmentRows, regions, state, mailsTaken, progress.ToArray());
    }

    /// <summary>APPENDs the mails to the user's INBOX over one connection, 50 a command (MULTIAPPEND); returns the seconds and the bytes.</summary>
    private async Task<(double Seconds, long Bytes)> AppendAsync(string user, List<BenchMail> mails, CancellationToken ct)
    {
        using var client = new ImapClient { Timeout = 60_000 };
        await client.ConnectAsync(options.ImapHost, options.ImapPort, SecureSocketOptions.None, ct);
        await client.AuthenticateAsync(user, Password, ct);
        var watch = Stopwatch.StartNew();
        long bytes = 0;
        foreach (var chunk in mails.Chunk(50))
        {
            var requests = chunk.Select(m => (IAppendRequest)new AppendRequest(m.Message, MessageFlags.None)).ToList();
            await client.Inbox.AppendAsync(requests, ct);
            foreach (var m in chunk)
            {
                using var measure = new MemoryStream();
                await m.Message.WriteToAsync(measure, ct);
                bytes += measure.Length;
            }
        }
        var seconds = watch.Elapsed.TotalSeconds;
        await client.Inbox.StatusAsync(StatusItems.Count, ct);
        if (client.Inbox.Count != mails.Count)
        {
            throw new InvalidOperationException($"the IMAP folder holds {client.Inbox.Count} mails, {mails.Count} were appended (a user of an earlier run?)");
        }
        await client.DisconnectAsync(true, ct);
        return (seconds, bytes);
    }

    /// <summary>The mailbox's state and mailsTaken as the settings page reads them, once its poll has ended (up to 30 s).</summary>
    private static async Task<(string? State, long? MailsTaken)> MailboxStatusAsync(HttpClient api, Guid id, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var list = await api.GetFromJsonAsync<JsonElement>("api/inbox/mailboxes", ct);
            var mailbox = list.EnumerateArray().First(m => m.GetProperty("id").GetGuid() == id);
            var status = mailbox.GetProperty("status");
            var state = status.GetProperty("state").GetString();
            var taken = status.GetProperty("mailsTaken").GetInt64();
            if (state is "ok" or "stopped" || DateTime.UtcNow > deadline)
            {
                return (state, taken);
            }
            await Task.Delay(200, ct);
        }
    }
}
