using System.Text;
using Crm.Modules.Inbox.Mail;
using MimeKit;

namespace Crm.Tests.Integration.Inbox;

/// <summary><see cref="MailParser"/> alone, on messages made here: no server.</summary>
public sealed class MailParserTests
{
    private readonly MailParser parser = new();

    [Fact]
    public void The_plain_part_of_an_alternative_is_the_text_and_the_html_part_is_kept_sanitised()
    {
        var message = Message(new BodyBuilder { TextBody = "Простой текст", HtmlBody = "<p onclick=\"x()\">HTML <b>текст</b></p>" }.ToMessageBody());

        var mail = parser.Parse(message, new MailOrigin(7, 1234, null));

        Assert.Equal("Простой текст", mail.Text);
        Assert.Equal("<p>HTML <b>текст</b></p>", mail.Html);
        Assert.Empty(mail.Attachments);
        Assert.Equal((7u, 1234L), (mail.Uid, mail.RawSize));
    }

    [Fact]
    public void Format_flowed_text_is_joined_into_paragraphs()
    {
        var message = Raw.Message(
            "From: a@client.example\r\nSubject: flowed\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii; format=flowed\r\n\r\n"
            + "This line was wrapped \r\nby the sender's program.\r\n\r\nSecond paragraph.\r\n");

        var mail = parser.Parse(message, default);

        Assert.Equal("This line was wrapped by the sender's program.\n\nSecond paragraph.", mail.Text);
    }

    [Fact]
    public void Attachments_keep_content_only_within_the_per_attachment_and_per_message_caps()
    {
        var options = MailReaderOptions.Default with { MaxAttachmentBytes = 5000, MaxAttachmentBytesPerMessage = 7000 };
        var builder = new BodyBuilder { TextBody = "Три файла" };
        builder.Attachments.Add("a.bin", new byte[4000], ContentType.Parse("application/octet-stream"));
        builder.Attachments.Add("b.bin", new byte[4000], ContentType.Parse("application/octet-stream"));
        builder.Attachments.Add("c.bin", new byte[6000], ContentType.Parse("application/octet-stream"));
        builder.Attachments.Add("d.bin", new byte[3000], ContentType.Parse("application/octet-stream"));

        var mail = new MailParser(options).Parse(Message(builder.ToMessageBody()), default);

        Assert.Equal(
            [("a.bin", 4000L, true), ("b.bin", 4000L, false), ("c.bin", 6000L, false), ("d.bin", 3000L, true)],
            mail.Attachments.Select(a => (a.FileName, a.Size, a.ContentKept)));
        Assert.Equal(4000, mail.Attachments[0].Content!.Length);
    }

    [Fact]
    public void File_names_lose_paths_and_control_characters_and_nameless_parts_get_one()
    {
        var evil = new MimePart("application", "pdf")
        {
            Content = new MimeContent(new MemoryStream([1, 2, 3])),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "..\\..\\evil/\u0001счёт.pdf" },
        };
        var nameless = new MimePart("image", "png") { Content = new MimeContent(new MemoryStream([9, 9])) };
        var body = new Multipart("mixed") { new TextPart("plain") { Text = "Файлы" }, evil, nameless };

        var mail = parser.Parse(Message(body), default);

        Assert.Equal(["счёт.pdf", "attachment-2.png"], mail.Attachments.Select(a => a.FileName));
        Assert.True(mail.Attachments[1].Inline);
        Assert.Equal(2, mail.Attachments[1].Size);
    }

    [Fact]
    public void An_attached_mail_is_listed_as_an_eml_file()
    {
        var inner = Message(new TextPart("plain") { Text = "Пересланное" });
        inner.Subject = "Исходное письмо";
        var body = new Multipart("mixed") { new TextPart("plain") { Text = "Смотрите ниже" }, new MessagePart { Message = inner } };

        var mail = parser.Parse(Message(body), default);

        Assert.Equal("Смотрите ниже", mail.Text);
        var attached = Assert.Single(mail.Attachments);
        Assert.Equal(("Исходное письмо.eml", "message/rfc822"), (attached.FileName, attached.ContentType));
        Assert.Contains("Пересланное", Encoding.UTF8.GetString(attached.Content!));
    }

    [Fact]
    public void A_mail_without_message_id_date_or_body_gives_nulls_and_empty_text()
    {
        var message = Raw.Message("From: a@client.example\r\nSubject: пусто\r\n\r\n");

        var mail = parser.Parse(message, default);

        Assert.Null(mail.MessageId);
        Assert.Null(mail.Date);
        Assert.Null(mail.Html);
        Assert.Equal("", mail.Text);
        Assert.Equal(new MailAddress(null, "a@client.example"), mail.From);
    }

    [Fact]
    public void Nul_characters_which_postgresql_refuses_are_dropped_and_long_text_is_cut()
    {
        var message = Message(new TextPart("plain") { Text = "до\0после " + new string('я', 100) });
        message.Subject = "тема\0";

        var mail = new MailParser(MailReaderOptions.Default with { MaxTextChars = 20 }).Parse(message, default);

        Assert.Equal("тема", mail.Subject);
        Assert.Equal("допосле " + new string('я', 12) + "\n[…]", mail.Text);
    }

    [Fact]
    public void Html_only_mail_becomes_readable_text_with_table_cells_and_link_targets()
    {
        var message = Message(new TextPart("html")
        {
            Text = "<div>Имя: <b>Анна</b></div><table><tr><td>Телефон</td><td>+7 900 000-00-00</td></tr></table>"
                + "<p>Сайт: <a href=\"https://anna.example\">anna.example</a>, почта <a href=\"mailto:anna@client.example\">anna@client.example</a></p>"
                + "<pre>  отступ\n  сохранён</pre><p>&lt;script&gt; как текст</p>",
        });

        var mail = parser.Parse(message, default);

        Assert.Equal(
            "Имя: Анна\n\nТелефон\t+7 900 000-00-00\n\nСайт: anna.example (https://anna.example), почта anna@client.example\n\nотступ\nсохранён\n\n<script> как текст",
            mail.Text);
    }

    [Fact]
    public void Deeply_nested_html_is_read_as_text_without_a_parser_that_would_take_quadratic_time()
    {
        // 40,000 open tags in 450 KB: an HTML5 parser takes half a minute over this.
        var html = "<html><head><style>p { color: red }</style><script>alert(1)</script></head><body><p>Начало &amp; суть</p>"
            + string.Concat(Enumerable.Repeat("<div><span>", 20_000)) + "глубоко<br>внутри<img src=x onerror=alert(2)>";
        var message = Message(new TextPart("html") { Text = html });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var mail = parser.Parse(message, default);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal("Начало & суть\nглубоко\nвнутри", mail.Text);
        Assert.Null(mail.Html);
    }

    [Fact]
    public void Ordinary_html_with_unclosed_paragraphs_and_cells_is_not_taken_for_deep()
    {
        var html = string.Concat(Enumerable.Repeat("<table><tr><td>ячейка<td>ещё<p>абзац<li>пункт<br><img src=x></table>", 500))
            + string.Concat(Enumerable.Repeat("<div><b><i>текст</i></b><hr/><custom-tag/></div>", 2000));

        Assert.False(MailHtml.TooDeep(html));
        Assert.True(MailHtml.TooDeep(string.Concat(Enumerable.Repeat("<div>", 401))));
        Assert.False(MailHtml.TooDeep(string.Concat(Enumerable.Repeat("<div>", 400))));
    }

    private static MimeMessage Message(MimeEntity body)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("client@client.example"));
        message.Subject = "Тест";
        message.Body = body;
        return message;
    }
}
