using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;
using MimeKit;

namespace Crm.Tests.Integration.Inbox;

/// <summary>
/// The app with its mailbox poller looking often (a mailbox read is read again 0.2 s later): the tests wait
/// for what the real Quartz job does, as a user would, instead of calling the poller themselves.
/// </summary>
public sealed class MailApp : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["Inbox:Mail:PollInterval"] = "00:00:00.200",
    };

    public CrmApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = new CrmApp(await TestDatabase.CreateAsync(), new TestClock(), Settings);
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await TestDatabase.DropAsync(App.Database);
    }
}

/// <summary>What the mailbox tests share: a mailbox on the test IMAP server through the admin's API, and waits on what it takes.</summary>
public static class MailboxKit
{
    /// <summary>Connects a mailbox (the admin, through the API) on the test server or wherever <paramref name="fields"/> say.</summary>
    public static async Task<JsonElement> MailboxAsync(this CrmClient admin, InboxPipeline pipeline, string user, object? fields = null)
    {
        var server = TestImap.Server;
        var body = new Dictionary<string, object?>
        {
            ["name"] = "Отдел продаж",
            ["host"] = server.Plain.Host,
            ["port"] = server.Plain.Port,
            ["security"] = "none",
            ["user"] = user,
            ["password"] = TestImap.Password,
            ["pipelineId"] = pipeline.Id,
        };
        foreach (var p in fields?.GetType().GetProperties() ?? [])
        {
            body[char.ToLowerInvariant(p.Name[0]) + p.Name[1..]] = p.GetValue(fields);
        }
        return await (await admin.PostAsync("/api/inbox/mailboxes", body)).JsonAsync(HttpStatusCode.Created);
    }

    /// <summary>The mailbox as the settings page reads it.</summary>
    public static async Task<JsonElement> MailboxStatusAsync(this CrmClient admin, Guid mailboxId)
    {
        var all = await (await admin.GetAsync("/api/inbox/mailboxes")).JsonAsync(HttpStatusCode.OK);
        return all.EnumerateArray().Single(m => m.IdOf("id") == mailboxId);
    }

    /// <summary>Waits until the mailbox's status is <paramref name="state"/>, and returns the mailbox.</summary>
    public static async Task<JsonElement> WaitForStateAsync(this CrmClient admin, Guid mailboxId, string state)
    {
        JsonElement mailbox = default;
        await Eventually.TrueAsync(
            async () => (mailbox = await admin.MailboxStatusAsync(mailboxId)).GetProperty("status").Str("state") == state,
            $"mailbox {mailboxId} {state}");
        return mailbox;
    }

    /// <summary>The pipeline's new requests, newest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> NewRequestsAsync(this CrmClient client, InboxPipeline pipeline)
    {
        var page = await (await client.GetAsync($"/api/inbox/requests?pipelineId={pipeline.Id}&limit=200")).JsonAsync(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    /// <summary>Waits until a request with this subject is in the pipeline's «Неразобранное», and returns it whole (mails, raw).</summary>
    public static async Task<JsonElement> WaitForRequestAsync(this CrmClient client, InboxPipeline pipeline, string subject)
    {
        JsonElement? found = null;
        await Eventually.TrueAsync(
            async () => (found = (await client.NewRequestsAsync(pipeline)).Cast<JsonElement?>().FirstOrDefault(r => r!.Value.Str("subject") == subject)) is not null,
            $"a request «{subject}»");
        return await (await client.GetAsync($"/api/inbox/requests/{found!.Value.IdOf("id")}")).JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>A client's mail: a name and address, a subject, a text, its own Message-ID; in the thread of <paramref name="replyTo"/> when given.</summary>
    public static MimeMessage Mail(string subject, string text = "Здравствуйте! Нужны 20 кресел.", MimeMessage? replyTo = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Иван Петров", "Ivan.Petrov@Client.example"));
        message.To.Add(MailboxAddress.Parse("sales@crm.example"));
        message.Subject = subject;
        message.MessageId = $"{Guid.NewGuid():N}@client.example";
        message.Date = DateTimeOffset.UtcNow;
        if (replyTo is not null)
        {
            message.InReplyTo = replyTo.MessageId;
            foreach (var id in replyTo.References.Append(replyTo.MessageId!))
            {
                message.References.Add(id);
            }
        }
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }
}
