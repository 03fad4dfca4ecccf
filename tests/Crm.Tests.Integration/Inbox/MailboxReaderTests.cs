using System.Net;
using System.Net.Sockets;
using System.Text;
using Crm.Modules.Inbox.Mail;
using MimeKit;

namespace Crm.Tests.Integration.Inbox;

/// <summary>
/// <see cref="MailboxReader"/> against the real Dovecot that build/test.sh starts: each test has its
/// own user and so its own mailbox, filled by IMAP APPEND.
/// </summary>
public sealed class MailboxReaderTests
{
    private readonly ImapServer server = TestImap.Server;
    private readonly string user = TestImap.NewUser();

    [Fact]
    public async Task A_new_mail_is_read_once_with_its_fields_and_stays_unread()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Иван Петров", "ivan@client.example"));
        message.ReplyTo.Add(new MailboxAddress("Отдел закупок", "buy@client.example"));
        message.To.Add(new MailboxAddress("Продажи", "sales@crm.example"));
        message.Cc.Add(MailboxAddress.Parse("boss@client.example"));
        message.Subject = "Запрос цены на 10 тонн";
        message.Date = new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.FromHours(3));
        message.MessageId = "first-1@client.example";
        message.Body = new TextPart("plain") { Text = "Добрый день!\r\nПришлите цену, пожалуйста.\r\n" };
        var uid = await server.AppendAsync(user, message);

        var reader = new MailboxReader();
        await using var session = await reader.OpenAsync(server.Mailbox(user), CancellationToken.None);
        var page = await session.ReadAsync(0, CancellationToken.None);

        var mail = Assert.Single(page.Mails);
        Assert.Equal(uid, mail.Uid);
        Assert.Equal(uid, page.LastUid);
        Assert.False(page.More);
        Assert.Equal("first-1@client.example", mail.MessageId);
        Assert.Null(mail.InReplyTo);
        Assert.Empty(mail.References);
        Assert.Equal(new MailAddress("Иван Петров", "ivan@client.example"), mail.From);
        Assert.Equal([new MailAddress("Отдел закупок", "buy@client.example")], mail.ReplyTo);
        Assert.Equal([new MailAddress("Продажи", "sales@crm.example")], mail.To);
        Assert.Equal([new MailAddress(null, "boss@client.example")], mail.Cc);
        Assert.Equal("Запрос цены на 10 тонн", mail.Subject);
        Assert.Equal(message.Date, mail.Date);
        Assert.NotNull(mail.ReceivedAt);
        Assert.Equal("Добрый день!\nПришлите цену, пожалуйста.", mail.Text);
        Assert.Null(mail.Html);
        Assert.Empty(mail.Attachments);
        Assert.InRange(mail.RawSize, 200, 2000);
        Assert.Contains("Message-Id: <first-1@client.example>", mail.RawHeaders, StringComparison.OrdinalIgnoreCase);

        // Once: after its UID there is nothing, and reading set no \Seen flag (the folder is read-only).
        var again = await session.ReadAsync(page.LastUid, CancellationToken.None);
        Assert.Empty(again.Mails);
        Assert.Equal(uid, again.LastUid);
        Assert.False(await server.IsSeenAsync(user, uid));
    }

    [Fact]
    public async Task Only_mails_after_the_given_uid_come_in_uid_order_and_in_pages()
    {
        var uids = new List<uint>();
        for (var i = 1; i <= 5; i++)
        {
            uids.Add(await server.AppendAsync(user, Simple($"Письмо {i}")));
        }

        var reader = new MailboxReader(MailReaderOptions.Default with { PageSize = 2 });
        await using var session = await reader.OpenAsync(server.Mailbox(user), CancellationToken.None);

        var first = await session.ReadAsync(uids[0], CancellationToken.None);
        Assert.Equal(["Письмо 2", "Письмо 3"], first.Mails.Select(m => m.Subject));
        Assert.True(first.More);
        Assert.Equal(uids[2], first.LastUid);
        var second = await session.ReadAsync(first.LastUid, CancellationToken.None);
        Assert.Equal(["Письмо 4", "Письмо 5"], second.Mails.Select(m => m.Subject));
        Assert.False(second.More);
        // "UID n:*" on the server matches the newest mail even for n past it: the reader filters.
        var past = await session.ReadAsync(uids[4] + 100, CancellationToken.None);
        Assert.Empty(past.Mails);
        Assert.Equal(uids[4] + 100, past.LastUid);
    }

    [Fact]
    public async Task A_page_ends_when_its_mails_add_up_to_the_byte_limit_but_holds_at_least_one()
    {
        for (var i = 1; i <= 3; i++)
        {
            await server.AppendAsync(user, Simple($"Большое {i}", new string('ж', 3000)));
        }
        var reader = new MailboxReader(MailReaderOptions.Default with { MaxPageBytes = 1000 });
        await using var session = await reader.OpenAsync(server.Mailbox(user), CancellationToken.None);

        var page = await session.ReadAsync(0, CancellationToken.None);

        Assert.Equal("Большое 1", Assert.Single(page.Mails).Subject);
        Assert.True(page.More);
    }

    [Fact]
    public async Task The_uidvalidity_is_reported_and_changes_when_the_folder_is_made_anew()
    {
        const string folder = "Заявки";
        await server.AppendAsync(user, Simple("Первая"), folder);
        var reader = new MailboxReader();
        uint before;
        await using (var session = await reader.OpenAsync(server.Mailbox(user, folder), CancellationToken.None))
        {
            before = session.UidValidity;
            var page = await session.ReadAsync(0, CancellationToken.None);
            Assert.Equal(before, page.UidValidity);
            Assert.Equal("Первая", Assert.Single(page.Mails).Subject);
        }
        Assert.Equal(await server.UidValidityAsync(user, folder), before);

        await server.DeleteFolderAsync(user, folder);
        var uid = await server.AppendAsync(user, Simple("После пересоздания"), folder);

        await using var again = await reader.OpenAsync(server.Mailbox(user, folder), CancellationToken.None);
        Assert.NotEqual(before, again.UidValidity);
        Assert.Equal(await server.UidValidityAsync(user, folder), again.UidValidity);
        // The old last UID means nothing now: the new mail may well have the same or a lower UID.
        Assert.Equal(1u, uid);
    }

    [Fact]
    public async Task A_reply_keeps_in_reply_to_and_references()
    {
        var reply = Simple("Re: Запрос цены", "Спасибо, ждём счёт.");
        reply.MessageId = "reply-3@client.example";
        reply.InReplyTo = "answer-2@crm.example";
        reply.References.Add("first-1@client.example");
        reply.References.Add("answer-2@crm.example");
        await server.AppendAsync(user, reply);

        var mail = Assert.Single(await ReadAllAsync(server.Mailbox(user)));

        Assert.Equal("reply-3@client.example", mail.MessageId);
        Assert.Equal("answer-2@crm.example", mail.InReplyTo);
        Assert.Equal(["first-1@client.example", "answer-2@crm.example"], mail.References);
    }

    [Fact]
    public async Task Html_with_scripts_handlers_and_styles_comes_out_as_inert_text_and_sanitised_html()
    {
        var message = Simple("HTML", null);
        message.Body = new TextPart("html")
        {
            Text = """
                <html><head><title>Заголовок окна</title><style>body { color: red } .x { background: url(javascript:evil()) }</style>
                <script>alert('head')</script></head>
                <body onload="alert('body')">
                <p style="color:red">Здравствуйте, <b>нужна</b> поставка.</p>
                <img src="x" onerror="alert('img')" alt="логотип">
                <script>document.write('<p>вставка</p>')</script>
                <ul><li>Цемент</li><li>Песок</li></ul>
                <a href="javascript:alert('link')" onclick="steal()">Нажмите</a>
                <a href="https://client.example/price">прайс</a>
                <iframe src="https://evil.example"></iframe>
                </body></html>
                """,
        };
        await server.AppendAsync(user, message);

        var mail = Assert.Single(await ReadAllAsync(server.Mailbox(user)));

        Assert.Equal(
            "Здравствуйте, нужна поставка.\n\n[логотип]\n\n- Цемент\n- Песок\n\nНажмите прайс (https://client.example/price)",
            mail.Text);
        Assert.NotNull(mail.Html);
        foreach (var bad in new[] { "<script", "alert", "onerror", "onload", "onclick", "javascript:", "style", "color", "<iframe", "<img", "Заголовок окна" })
        {
            Assert.DoesNotContain(bad, mail.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(bad, mail.Text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("<b>нужна</b>", mail.Html);
        Assert.Contains("href=\"https://client.example/price\"", mail.Html);
    }

    [Fact]
    public async Task A_big_attachment_is_listed_with_its_size_but_its_content_is_dropped()
    {
        var big = RandomBytes(300 * 1024);
        var small = Encoding.UTF8.GetBytes("Реквизиты: ИНН 7700000000");
        var builder = new BodyBuilder { TextBody = "Во вложении чертежи и реквизиты." };
        builder.Attachments.Add("чертёж.pdf", big, ContentType.Parse("application/pdf"));
        builder.Attachments.Add("реквизиты.txt", small, ContentType.Parse("text/plain; charset=utf-8"));
        var message = Simple("Вложения");
        message.Body = builder.ToMessageBody();
        await server.AppendAsync(user, message);

        var options = MailReaderOptions.Default with { MaxAttachmentBytes = 64 * 1024 };
        var mail = Assert.Single(await ReadAllAsync(server.Mailbox(user), options));

        Assert.Equal("Во вложении чертежи и реквизиты.", mail.Text);
        Assert.Collection(
            mail.Attachments,
            a =>
            {
                Assert.Equal(("чертёж.pdf", "application/pdf", big.Length, false), (a.FileName, a.ContentType, (int)a.Size, a.Inline));
                Assert.Null(a.Content);
            },
            a =>
            {
                Assert.Equal(("реквизиты.txt", "text/plain", small.Length), (a.FileName, a.ContentType, (int)a.Size));
                Assert.Equal(small, a.Content);
            });
        Assert.True(mail.RawSize > big.Length);
    }

    [Fact]
    public async Task A_mail_over_the_message_limit_is_read_without_downloading_it_whole()
    {
        var big = RandomBytes(400 * 1024);
        var builder = new BodyBuilder { TextBody = "Текст большого письма.", HtmlBody = "<p>Текст <i>большого</i> письма.</p>" };
        builder.Attachments.Add("архив.zip", big, ContentType.Parse("application/zip"));
        var message = Simple("Огромное");
        message.Body = builder.ToMessageBody();
        await server.AppendAsync(user, message);

        var options = MailReaderOptions.Default with { MaxMessageBytes = 100 * 1024 };
        var mail = Assert.Single(await ReadAllAsync(server.Mailbox(user), options));

        Assert.Equal("Огромное", mail.Subject);
        Assert.Equal("Текст большого письма.", mail.Text);
        Assert.Equal("<p>Текст <i>большого</i> письма.</p>", mail.Html);
        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal(("архив.zip", "application/zip"), (attachment.FileName, attachment.ContentType));
        Assert.Null(attachment.Content);
        // Estimated from the base64 size on the server: within a percent.
        Assert.InRange(attachment.Size, big.Length * 0.99, big.Length * 1.01);
    }

    [Theory]
    [InlineData("utf-8", "quoted-printable", 'Q')]
    [InlineData("utf-8", "base64", 'B')]
    [InlineData("utf-8", "8bit", ' ')]
    [InlineData("windows-1251", "quoted-printable", 'B')]
    [InlineData("windows-1251", "base64", 'Q')]
    [InlineData("koi8-r", "8bit", 'B')]
    [InlineData("koi8-r", "base64", 'Q')]
    public async Task A_russian_subject_and_body_decode_from_any_common_encoding(string charset, string transfer, char subjectMethod)
    {
        // Letters and ASCII only: koi8-r has no «», — or №.
        const string subject = "Счёт 15 для ООО \"Ёлка\": срочно!";
        const string body = "Здравствуйте! Прошу выставить счёт на 10 тонн цемента.\nЦена: 5 000 руб. за тонну, доставка в Щёлково.\nС уважением, Юлия Эдуардовна Шпак";
        var bytes = Raw.Encode(body.Replace("\n", "\r\n"), charset);
        var encodedBody = transfer switch
        {
            "quoted-printable" => Raw.QuotedPrintable(bytes),
            "base64" => Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks),
            _ => Encoding.Latin1.GetString(bytes),
        };
        // ' ': the header in raw UTF-8 (RFC 6532), as some mail programs send it.
        var encodedSubject = subjectMethod == ' ' ? Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(subject)) : Raw.EncodedWord(subject, charset, subjectMethod);
        var raw = $"From: {Raw.EncodedWord("Юлия", charset, 'B')} <julia@client.example>\r\n"
            + $"To: sales@crm.example\r\nSubject: {encodedSubject}\r\nMessage-ID: <ru-{charset}-{transfer}@client.example>\r\n"
            + $"MIME-Version: 1.0\r\nContent-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: {transfer}\r\n\r\n"
            + encodedBody + "\r\n";
        await server.AppendAsync(user, raw);

        var mail = Assert.Single(await ReadAllAsync(server.Mailbox(user)));

        Assert.Equal(subject, mail.Subject);
        Assert.Equal(body, mail.Text);
        Assert.Equal(new MailAddress("Юлия", "julia@client.example"), mail.From);
    }

    [Fact]
    public async Task A_wrong_password_is_a_clear_authentication_error_without_the_password()
    {
        var settings = server.Mailbox(user) with { Password = "wrong-secret-42" };

        var error = await Assert.ThrowsAsync<MailboxException>(() => new MailboxReader().OpenAsync(settings, CancellationToken.None));

        Assert.Equal(MailboxFailure.Authentication, error.Failure);
        Assert.Contains(user, error.Message);
        Assert.Contains($"{server.Plain.Host}:{server.Plain.Port}", error.Message);
        Assert.DoesNotContain("wrong-secret-42", error.Message);
        Assert.DoesNotContain("wrong-secret-42", settings.ToString());
    }

    [Fact]
    public async Task A_missing_folder_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<MailboxException>(
            () => new MailboxReader().OpenAsync(server.Mailbox(user, "Нет такой"), CancellationToken.None));

        Assert.Equal(MailboxFailure.FolderNotFound, error.Failure);
        Assert.Contains("Нет такой", error.Message);
    }

    [Fact]
    public async Task Nobody_listening_is_a_connection_error()
    {
        var settings = server.Mailbox(user) with { Port = FreePort() };

        var error = await Assert.ThrowsAsync<MailboxException>(() => new MailboxReader().OpenAsync(settings, CancellationToken.None));

        Assert.Equal(MailboxFailure.Connection, error.Failure);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptTcpClientAsync();
        var settings = server.Mailbox(user) with { Port = ((IPEndPoint)silent.LocalEndpoint).Port };
        var reader = new MailboxReader(MailReaderOptions.Default with { Timeout = TimeSpan.FromSeconds(1) });

        var error = await Assert.ThrowsAsync<MailboxException>(() => reader.OpenAsync(settings, CancellationToken.None));

        Assert.Equal(MailboxFailure.Timeout, error.Failure);
        (await accepted).Dispose();
    }

    [Fact]
    public async Task Cancellation_is_honoured_as_cancellation()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptTcpClientAsync();
        var settings = server.Mailbox(user) with { Port = ((IPEndPoint)silent.LocalEndpoint).Port };
        using var cancel = new CancellationTokenSource();
        var opening = new MailboxReader().OpenAsync(settings, cancel.Token);
        using var connected = await accepted;

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => opening);
    }

    [Theory]
    [InlineData("tls")]
    [InlineData("starttls")]
    public async Task Tls_with_the_servers_self_signed_certificate_works_only_when_allowed(string how)
    {
        var security = how == "tls" ? MailSecurity.Tls : MailSecurity.StartTls;
        await server.AppendAsync(user, Simple("По TLS"));
        var (host, port) = security == MailSecurity.Tls ? server.Tls : server.Plain;
        var settings = server.Mailbox(user) with { Host = host, Port = port, Security = security };

        var refused = await Assert.ThrowsAsync<MailboxException>(() => new MailboxReader().OpenAsync(settings, CancellationToken.None));
        Assert.Equal(MailboxFailure.Tls, refused.Failure);

        var mail = Assert.Single(await ReadAllAsync(settings with { AcceptSelfSignedCertificate = true }));
        Assert.Equal("По TLS", mail.Subject);
    }

    internal static MimeMessage Simple(string subject, string? text = "Текст письма.")
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Клиент", "client@client.example"));
        message.To.Add(MailboxAddress.Parse("sales@crm.example"));
        message.Subject = subject;
        message.MessageId = $"{Guid.NewGuid():N}@client.example";
        if (text is not null)
        {
            message.Body = new TextPart("plain") { Text = text };
        }
        return message;
    }

    internal static async Task<List<IncomingMail>> ReadAllAsync(MailboxSettings settings, MailReaderOptions? options = null)
    {
        await using var session = await new MailboxReader(options ?? MailReaderOptions.Default).OpenAsync(settings, CancellationToken.None);
        var mails = new List<IncomingMail>();
        var page = await session.ReadAsync(0, CancellationToken.None);
        mails.AddRange(page.Mails);
        while (page.More)
        {
            page = await session.ReadAsync(page.LastUid, CancellationToken.None);
            mails.AddRange(page.Mails);
        }
        return mails;
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
