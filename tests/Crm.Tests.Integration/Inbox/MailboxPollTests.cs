using System.Net;
using System.Text;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using MimeKit;

namespace Crm.Tests.Integration.Inbox;

/// <summary>
/// The shared mailbox as the admin connects it and the Quartz job reads it, against the real test IMAP
/// server (Dovecot): each mail one request, replies joined to their request, HTML inert, attachments
/// capped, failures shown and retried, nothing lost or doubled.
/// </summary>
public sealed class MailboxPollTests(MailApp mail) : IClassFixture<MailApp>
{
    private CrmApp App => mail.App;

    [Fact]
    public async Task Each_new_mail_becomes_one_request_with_the_senders_data()
    {
        using var admin = await App.SignedInAsync();
        var pipeline = await App.SalesPipelineAsync();
        var user = TestImap.NewUser();
        var mailbox = await admin.MailboxAsync(pipeline, user);
        Assert.Equal("waiting", mailbox.GetProperty("status").Str("state"));

        await TestImap.Server.AppendAsync(user, MailboxKit.Mail("Кресла в офис", "Нужны 20 кресел.\n\n--\nИван Петров\nтел. 8 (343) 212-34-56"));
        var request = await admin.WaitForRequestAsync(pipeline, "Кресла в офис");

        Assert.Equal("mail", request.Str("source"));
        Assert.Equal("new", request.Str("status"));
        Assert.Equal("Иван Петров", request.Str("contactName"));
        Assert.Equal(["ivan.petrov@client.example"], request.GetProperty("emails").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["+73432123456"], request.GetProperty("phones").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Свердловская обл", request.Str("region"));
        Assert.StartsWith("Нужны 20 кресел.", request.Str("message"));
        Assert.Equal("message/rfc822", request.Str("rawType"));
        Assert.Contains("Subject: =?utf-8?", request.Str("raw"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Нужны 20 кресел.", request.Str("raw"));
        var only = Assert.Single(request.GetProperty("mails").EnumerateArray());
        Assert.Equal("request", only.Str("kind"));
        Assert.Equal("ivan.petrov@client.example", only.Str("fromAddress"));

        await TestImap.Server.AppendAsync(user, MailboxKit.Mail("Второе письмо"));
        await admin.WaitForRequestAsync(pipeline, "Второе письмо");
        var status = await admin.WaitForStateAsync(mailbox.IdOf("id"), "ok");
        Assert.Equal(2, status.GetProperty("status").GetProperty("mailsTaken").GetInt64());
        Assert.Equal(2, (await admin.NewRequestsAsync(pipeline)).Count);
    }

    [Fact]
    public async Task A_reply_joins_its_request_and_after_accepting_its_deal_instead_of_making_a_new_one()
    {
        using var admin = await App.SignedInAsync();
        var pipeline = await App.SalesPipelineAsync();
        var user = TestImap.NewUser();
        await admin.MailboxAsync(pipeline, user);
        var first = MailboxKit.Mail("Нужен расчёт");
        await TestImap.Server.AppendAsync(user, first);
        var request = await admin.WaitForRequestAsync(pipeline, "Нужен расчёт");
        var id = request.IdOf("id");

        var reply = MailboxKit.Mail("Re: Нужен расчёт", "Забыл: ещё 5 столов.", replyTo: first);
        await TestImap.Server.AppendAsync(user, reply);
        var joined = await WaitForMailsAsync(admin, id, 2);
        Assert.Equal(["request", "reply"], joined.GetProperty("mails").EnumerateArray().Select(m => m.Str("kind")));
        Assert.Equal("Забыл: ещё 5 столов.", joined.GetProperty("mails")[1].Str("text"));
        Assert.Equal(2, joined.GetProperty("version").GetInt32());
        var replied = Assert.Single(await App.InboxOutboxAsync("InboxRequestReplied", id));
        Assert.Equal("Забыл: ещё 5 столов.", replied.GetProperty("reply").Str("text"));
        Assert.Single(await admin.NewRequestsAsync(pipeline));

        var (manager, _) = await App.UserAsync();
        var accepted = await (await manager.PostAsync($"/api/inbox/requests/{id}/accept")).JsonAsync(HttpStatusCode.OK);
        var dealId = accepted.IdOf("dealId");
        // The client answers the manager, quoting only the reply's thread (References carry it all).
        await TestImap.Server.AppendAsync(user, MailboxKit.Mail("Re: Re: Нужен расчёт", "Когда будет счёт?", replyTo: reply));
        var onDeal = await WaitForMailsAsync(admin, dealId, 3);
        Assert.Equal("accepted", onDeal.Str("status"));
        Assert.Equal("Когда будет счёт?", onDeal.GetProperty("mails")[2].Str("text"));
        Assert.Empty(await admin.NewRequestsAsync(pipeline));
        Assert.Equal(2, (await App.InboxOutboxAsync("InboxRequestReplied", id)).Count);
    }

    [Fact]
    public async Task Html_is_inert_text_and_attachments_are_kept_up_to_the_cap_and_downloaded_as_files()
    {
        using var admin = await App.SignedInAsync();
        var pipeline = await App.SalesPipelineAsync();
        var user = TestImap.NewUser();
        await admin.MailboxAsync(pipeline, user);
        var message = MailboxKit.Mail("Прайс во вложении");
        var body = new BodyBuilder
        {
            HtmlBody = "<p>Смотрите <b>прайс</b></p><script>alert('x')</script><img src=x onerror=\"alert(1)\"><a href=\"javascript:alert(2)\">ссылка</a>",
        };
        body.Attachments.Add("price.txt", Encoding.UTF8.GetBytes("Кресло — 5 000 ₽"), new ContentType("text", "plain"));
        body.Attachments.Add("big.bin", new byte[6 * 1024 * 1024], new ContentType("application", "octet-stream"));
        message.Body = body.ToMessageBody();
        await TestImap.Server.AppendAsync(user, message);

        var request = await admin.WaitForRequestAsync(pipeline, "Прайс во вложении");
        var text = request.Str("message")!;
        Assert.Contains("Смотрите прайс", text);
        foreach (var dangerous in new[] { "<script", "<img", "onerror", "javascript:", "<p>", "alert" })
        {
            Assert.DoesNotContain(dangerous, text, StringComparison.OrdinalIgnoreCase);
        }
        var attachments = request.GetProperty("mails")[0].GetProperty("attachments").EnumerateArray().ToList();
        var price = attachments.Single(a => a.Str("fileName") == "price.txt");
        var big = attachments.Single(a => a.Str("fileName") == "big.bin");
        Assert.True(price.GetProperty("kept").GetBoolean());
        Assert.False(big.GetProperty("kept").GetBoolean());
        Assert.Equal(6 * 1024 * 1024, big.GetProperty("size").GetInt64());

        var download = await admin.GetAsync($"/api/inbox/requests/{request.IdOf("id")}/attachments/{price.IdOf("id")}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Кресло — 5 000 ₽", Encoding.UTF8.GetString(await download.Content.ReadAsByteArrayAsync()));
        var notKept = await admin.GetAsync($"/api/inbox/requests/{request.IdOf("id")}/attachments/{big.IdOf("id")}");
        Assert.Equal(HttpStatusCode.NotFound, notKept.StatusCode);
        var otherRequest = await admin.GetAsync($"/api/inbox/requests/{Guid.NewGuid()}/attachments/{price.IdOf("id")}");
        Assert.Equal(HttpStatusCode.NotFound, otherRequest.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_stops_reading_with_the_error_shown_until_the_admin_fixes_it_and_nothing_is_lost()
    {
        using var admin = await App.SignedInAsync();
        var pipeline = await App.SalesPipelineAsync();
        var user = TestImap.NewUser();
        await TestImap.Server.AppendAsync(user, MailboxKit.Mail("Пока пароль неверный"));
        var mailbox = await admin.MailboxAsync(pipeline, user, new { password = "wrong-password" });
        var id = mailbox.IdOf("id");

        var stopped = (await admin.WaitForStateAsync(id, "stopped")).GetProperty("status");
        Assert.Equal("authentication", stopped.Str("lastFailure"));
        Assert.Contains(user, stopped.Str("lastError"));
        Assert.DoesNotContain("wrong-password", stopped.Str("lastError"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, stopped.GetProperty("nextAttemptAt").ValueKind);
        var check = await (await admin.PostAsync($"/api/inbox/mailboxes/{id}/check")).JsonAsync(HttpStatusCode.OK);
        Assert.False(check.GetProperty("ok").GetBoolean());
        Assert.Equal("authentication", check.Str("failure"));
        Assert.Empty(await admin.NewRequestsAsync(pipeline));

        var current = await admin.MailboxStatusAsync(id);
        var fixedBody = new
        {
            name = "Отдел продаж", host = current.Str("host"), port = current.GetProperty("port").GetInt32(), security = "none", user,
            password = TestImap.Password, pipelineId = pipeline.Id, version = current.GetProperty("version").GetInt32(),
        };
        var saved = await (await admin.PutAsync($"/api/inbox/mailboxes/{id}", fixedBody)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("waiting", saved.GetProperty("status").Str("state"));
        await admin.WaitForRequestAsync(pipeline, "Пока пароль неверный");
        var ok = (await admin.WaitForStateAsync(id, "ok")).GetProperty("status");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, ok.GetProperty("lastError").ValueKind);
    }

    [Fact]
    public async Task An_unreachable_server_is_retried_ever_later_and_the_mails_that_waited_are_all_taken_once()
    {
        using var admin = await App.SignedInAsync();
        var pipeline = await App.SalesPipelineAsync();
        var user = TestImap.NewUser();
        using var cutter = new TcpCutter(TestImap.Server.Plain.Host, TestImap.Server.Plain.Port);
        cutter.Cut();
        var mailbox = await admin.MailboxAsync(pipeline, user, new { host = "127.0.0.1", port = cutter.Port });
        var id = mailbox.IdOf("id");
        foreach (var n in Enumerable.Range(1, 3))
        {
            await TestImap.Server.AppendAsync(user, MailboxKit.Mail($"Ждёт связи {n}"));
        }

        var retrying = (await admin.WaitForStateAsync(id, "retrying")).GetProperty("status");
        Assert.Equal("connection", retrying.Str("lastFailure"));
        Assert.Equal(
            TimeSpan.FromSeconds(30),
            retrying.GetProperty("nextAttemptAt").GetDateTimeOffset() - retrying.GetProperty("lastPolledAt").GetDateTimeOffset());
        App.Clock.Advance(TimeSpan.FromSeconds(31));
        await Eventually.TrueAsync(
            async () => await FailuresAsync(id) == 2,
            "a second attempt");
        var again = (await admin.MailboxStatusAsync(id)).GetProperty("status");
        Assert.Equal(
            TimeSpan.FromSeconds(60),
            again.GetProperty("nextAttemptAt").GetDateTimeOffset() - again.GetProperty("lastPolledAt").GetDateTimeOffset());

        cutter.Restore();
        App.Clock.Advance(TimeSpan.FromSeconds(61));
        await admin.WaitForRequestAsync(pipeline, "Ждёт связи 3");
        await admin.WaitForStateAsync(id, "ok");
        Assert.Equal(3, (await admin.NewRequestsAsync(pipeline)).Count);
    }

    [Fact]
    public async Task A_recreated_folder_with_a_new_uidvalidity_is_read_again_without_taking_a_mail_twice()
    {
        using var admin = await App.SignedInAsync();
        var pipeline = await App.SalesPipelineAsync();
        var user = TestImap.NewUser();
        var server = TestImap.Server;
        var old = new[] { MailboxKit.Mail("Старое 1"), MailboxKit.Mail("Старое 2") };
        foreach (var message in old)
        {
            await server.AppendAsync(user, message, "Заявки");
        }
        var mailbox = await admin.MailboxAsync(pipeline, user, new { folder = "Заявки" });
        await admin.WaitForRequestAsync(pipeline, "Старое 2");
        await admin.WaitForStateAsync(mailbox.IdOf("id"), "ok");
        var validity = await server.UidValidityAsync(user, "Заявки");

        await server.DeleteFolderAsync(user, "Заявки");
        foreach (var message in old)
        {
            await server.AppendAsync(user, message, "Заявки");
        }
        await server.AppendAsync(user, MailboxKit.Mail("Новое после пересоздания"), "Заявки");
        Assert.NotEqual(validity, await server.UidValidityAsync(user, "Заявки"));

        await admin.WaitForRequestAsync(pipeline, "Новое после пересоздания");
        Assert.Equal(["Новое после пересоздания", "Старое 2", "Старое 1"], (await admin.NewRequestsAsync(pipeline)).Select(r => r.Str("subject")));
    }

    [Fact]
    public async Task Mails_the_server_had_for_over_a_week_before_the_mailbox_was_connected_are_not_requests()
    {
        using var admin = await App.SignedInAsync();
        var pipeline = await App.SalesPipelineAsync();
        var user = TestImap.NewUser();
        await TestImap.Server.AppendAsync(user, MailboxKit.Mail("Прошлогоднее"), arrivedAt: DateTimeOffset.UtcNow.AddDays(-30));
        await TestImap.Server.AppendAsync(user, MailboxKit.Mail("Позавчерашнее"), arrivedAt: DateTimeOffset.UtcNow.AddDays(-2));
        await TestImap.Server.AppendAsync(user, MailboxKit.Mail("Сегодняшнее"));
        await admin.MailboxAsync(pipeline, user);

        await admin.WaitForRequestAsync(pipeline, "Сегодняшнее");
        Assert.Equal(["Сегодняшнее", "Позавчерашнее"], (await admin.NewRequestsAsync(pipeline)).Select(r => r.Str("subject")));
    }

    [Fact]
    public async Task The_password_is_stored_encrypted_and_never_returned()
    {
        using var admin = await App.SignedInAsync();
        var pipeline = await App.SalesPipelineAsync();
        const string Secret = "Very-secret-imap-password-42";
        var created = await admin.PostAsync("/api/inbox/mailboxes", new
        {
            name = "Секретный", host = "imap.example.ru", port = 993, security = "tls", user = "sales", password = Secret, pipelineId = pipeline.Id,
        });
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain(Secret, createdText);
        Assert.DoesNotContain("password", createdText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Secret, await (await admin.GetAsync("/api/inbox/mailboxes")).Content.ReadAsStringAsync());
        await using var db = await App.OpenDatabaseAsync();
        var stored = await db.QuerySingleAsync<string>("select password_protected from inbox.mailboxes where name = 'Секретный'");
        Assert.DoesNotContain(Secret, stored);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)), stored);
    }

    [Fact]
    public async Task Bad_settings_are_refused_field_by_field()
    {
        using var admin = await App.SignedInAsync();
        var response = await admin.PostAsync("/api/inbox/mailboxes", new
        {
            name = " ", host = "imap.example.ru/inbox", port = 0, security = "ssl", user = "", pipelineId = Guid.NewGuid(),
        });
        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "name", "host", "port", "security", "user", "password" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error on {field}: {errors}");
        }
        var pipeline = await App.SalesPipelineAsync();
        var unknownPipeline = await admin.PostAsync("/api/inbox/mailboxes", new
        {
            name = "Ящик", host = "imap.example.ru", port = 993, security = "tls", user = "sales", password = "p", pipelineId = Guid.NewGuid(),
        });
        Assert.True((await unknownPipeline.JsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("pipelineId", out _));
        var stale = await admin.MailboxAsync(pipeline, TestImap.NewUser(), new { host = "127.0.0.1", port = 1 });
        var conflict = await admin.PutAsync($"/api/inbox/mailboxes/{stale.IdOf("id")}", new
        {
            name = "Ящик", host = "127.0.0.1", port = 1, security = "none", user = "sales", pipelineId = pipeline.Id, version = 99,
        });
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
    }

    private async Task<int> FailuresAsync(Guid mailboxId)
    {
        await using var db = await App.OpenDatabaseAsync();
        return await db.QuerySingleAsync<int>("select failures from inbox.mailboxes where id = @mailboxId", new { mailboxId });
    }

    private static async Task<System.Text.Json.JsonElement> WaitForMailsAsync(CrmClient client, Guid requestId, int count)
    {
        System.Text.Json.JsonElement request = default;
        await Eventually.TrueAsync(
            async () => (request = await (await client.GetAsync($"/api/inbox/requests/{requestId}")).JsonAsync(HttpStatusCode.OK))
                .GetProperty("mails").GetArrayLength() == count,
            $"{count} mails on request {requestId}");
        return request;
    }
}
