using System.Text;
using MimeKit;
using MimeKit.Text;

namespace Crm.Bench.Inbox;

/// <summary>A mail of the burst and what the intake should make of it.</summary>
internal sealed record BenchMail(MimeMessage Message, string Text, string MessageId, string? RootMessageId, int Attachments, bool Html, bool HtmlOnly, bool LegacyCharset);

/// <summary>
/// A thousand mails as a sales mailbox gets them, from a seeded random: Russian text; a third with HTML (half of
/// those HTML only, some with a script and a tracking image); some in windows-1251 or koi8-r; about one in seven
/// with one to three small attachments (a price list, a scan, a details card); a phone in the signature of most
/// (so the request gets a region); and about one in five a reply in the thread of an earlier mail (In-Reply-To
/// and References, or References only), which must join that mail's request instead of making a new one.
/// </summary>
internal sealed class MailMaker(int seed, string runTag)
{
    private static readonly string[] FirstNames = ["Иван", "Анна", "Сергей", "Ольга", "Дмитрий", "Елена", "Алексей", "Мария", "Николай", "Татьяна", "Павел", "Юлия"];
    private static readonly string[] LastNames = ["Петров", "Соколова", "Морозов", "Волкова", "Лебедев", "Козлова", "Новиков", "Павлова", "Орлов", "Зайцева", "Ершов", "Белова"];
    private static readonly string[] Latin = ["ivan", "anna", "sergey", "olga", "dmitry", "elena", "alexey", "maria", "nikolay", "tatyana", "pavel", "yulia"];
    private static readonly string[] Domains = ["mail.ru", "yandex.ru", "stroydvor.ru", "uraltrans.ru", "gmail.com", "karier.su"];
    private static readonly string[] Things = ["экскаватор", "погрузчик", "автокран", "бульдозер", "генератор", "компрессор", "самосвал", "каток"];
    private static readonly string[] Asks = [
        "Просим прислать коммерческое предложение на {0}.",
        "Интересует аренда: {0} на два месяца, с оператором.",
        "Нужен {0} на объект, срочно. Сколько стоит доставка?",
        "Рассматриваем покупку: {0}, новый или с небольшим пробегом.",
        "Сломался {0}, нужен ремонт гидравлики. Выезд мастера возможен?",
    ];
    private static readonly string[] Lines = [
        "Оплата по безналичному расчёту, НДС нужен.", "Объект в Екатеринбурге, Берёзовский тракт.", "Работы начинаются в понедельник.",
        "Если есть фото техники, приложите, пожалуйста.", "Готовы подписать договор на этой неделе.", "Перезвоните после обеда.",
        "Реквизиты компании во вложении.", "Бюджет ограничен, ищем разумную цену.", "Техника нужна с документами для допуска на площадку.",
    ];
    private static readonly string[] ReplyLines = [
        "Добрый день! Уточняю по нашей заявке: объём работ увеличился.", "Спасибо за ответ. Цена подходит, что нужно для договора?",
        "Можно ли сдвинуть начало на неделю?", "Напоминаю о нашей заявке, ждём предложение.", "Пришлите, пожалуйста, счёт на предоплату.",
    ];
    private static readonly string[] Phones = ["+7 (343) 212-34-{0:00}", "8 (343) 355-{0:00}-17", "+7 (342) 214-50-{0:00}", "8 (351) 263-{0:00}-44",
        "+7 (812) 555-12-{0:00}", "8 (495) 123-45-{0:00}", "+7 916 555-{0:00}-01"];

    private readonly Random random = new(seed);

    public List<BenchMail> Make(int count, DateTimeOffset now)
    {
        var mails = new List<BenchMail>(count);
        for (var i = 0; i < count; i++)
        {
            var reply = i >= 10 && random.NextDouble() < 0.2 ? mails[random.Next(mails.Count)] : null;
            mails.Add(reply is null ? NewMail(i, now) : Reply(i, reply, now));
        }
        return mails;
    }

    private string Id(int i) => $"bench-{runTag}-{i}@clients.example";

    private BenchMail NewMail(int i, DateTimeOffset now)
    {
        var who = random.Next(FirstNames.Length);
        var name = $"{FirstNames[who]} {LastNames[random.Next(LastNames.Length)]}";
        var address = $"{Latin[who]}.{i}@{Domains[random.Next(Domains.Length)]}";
        var thing = Things[random.Next(Things.Length)];
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(name, address));
        message.To.Add(new MailboxAddress("Отдел продаж", "sales@crm-bench.example"));
        message.Subject = random.Next(4) switch
        {
            0 => $"Запрос цены: {thing}",
            1 => $"Аренда — {thing}",
            2 => $"Заявка с сайта №{1000 + i}",
            _ => $"Вопрос по технике ({thing})",
        };
        message.MessageId = Id(i);
        message.Date = now.AddMinutes(-random.Next(1, 600));
        var text = new StringBuilder();
        text.AppendLine("Здравствуйте!").AppendLine();
        text.AppendLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, Asks[random.Next(Asks.Length)], thing));
        for (var k = random.Next(1, 5); k > 0; k--)
        {
            text.AppendLine(Lines[random.Next(Lines.Length)]);
        }
        text.AppendLine().AppendLine("С уважением,").AppendLine(name);
        if (random.NextDouble() < 0.75)
        {
            text.AppendLine("тел. " + string.Format(System.Globalization.CultureInfo.InvariantCulture, Phones[random.Next(Phones.Length)], random.Next(100)));
        }
        var (body, html, htmlOnly, legacy) = Body(text.ToString());
        var attachments = random.NextDouble() < 0.15 ? random.Next(1, 4) : 0;
        message.Body = WithAttachments(body, attachments, i);
        return new BenchMail(message, text.ToString(), Id(i), null, attachments, html, htmlOnly, legacy);
    }

    private BenchMail Reply(int i, BenchMail to, DateTimeOffset now)
    {
        var original = to.Message;
        var message = new MimeMessage();
        message.From.AddRange(original.From);
        message.To.AddRange(original.To);
        var subject = original.Subject ?? "";
        message.Subject = subject.StartsWith("Re: ", StringComparison.Ordinal) ? subject : "Re: " + subject;
        message.MessageId = Id(i);
        message.Date = now.AddMinutes(-random.Next(0, 60));
        foreach (var reference in original.References)
        {
            message.References.Add(reference);
        }
        message.References.Add(to.MessageId);
        // One in four clients' programs sends References only.
        if (random.Next(4) != 0)
        {
            message.InReplyTo = to.MessageId;
        }
        var text = ReplyLines[random.Next(ReplyLines.Length)] + "\n\n> " + string.Join("\n> ", to.Text.Split('\n').Take(6));
        var (body, html, htmlOnly, legacy) = Body(text);
        var attachments = random.NextDouble() < 0.1 ? 1 : 0;
        message.Body = WithAttachments(body, attachments, i);
        return new BenchMail(message, text, Id(i), to.RootMessageId ?? to.MessageId, attachments, html, htmlOnly, legacy);
    }

    /// <summary>Plain text (in UTF-8, or now and then windows-1251 or koi8-r), HTML and text, or HTML only.</summary>
    private (MimeEntity Body, bool Html, bool HtmlOnly, bool Legacy) Body(string text)
    {
        var roll = random.NextDouble();
        if (roll < 0.17)
        {
            return (HtmlPart(text), true, true, false);
        }
        if (roll < 0.34)
        {
            var alternative = new MultipartAlternative { PlainPart(text, "utf-8"), HtmlPart(text) };
            return (alternative, true, false, false);
        }
        var charset = roll < 0.42 ? "windows-1251" : roll < 0.46 ? "koi8-r" : "utf-8";
        return (PlainPart(text, charset), false, false, charset != "utf-8");
    }

    private static TextPart PlainPart(string text, string charset)
    {
        var part = new TextPart(TextFormat.Plain);
        part.SetText(Encoding.GetEncoding(charset), text);
        part.ContentTransferEncoding = charset == "utf-8" ? ContentEncoding.Base64 : ContentEncoding.QuotedPrintable;
        return part;
    }

    private TextPart HtmlPart(string text)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><head><style>p{margin:0}</style></head><body>");
        foreach (var line in text.Split('\n'))
        {
            html.Append("<p>").Append(System.Net.WebUtility.HtmlEncode(line.TrimEnd('\r'))).Append("</p>");
        }
        if (random.Next(5) == 0)
        {
            html.Append("<script>document.title='x'</script><img src=\"https://track.example/p.gif?id=1\" width=\"1\" height=\"1\">");
        }
        html.Append("<p><a href=\"https://stroydvor.ru\">Наш сайт</a></p></body></html>");
        var part = new TextPart(TextFormat.Html);
        part.SetText(Encoding.UTF8, html.ToString());
        return part;
    }

    private MimeEntity WithAttachments(MimeEntity body, int count, int i)
    {
        if (count == 0)
        {
            return body;
        }
        var mixed = new Multipart("mixed") { body };
        for (var k = 0; k < count; k++)
        {
            var (name, type) = random.Next(4) switch
            {
                0 => ($"Прайс-лист {i}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                1 => ($"скан_заявки_{i}.pdf", "application/pdf"),
                2 => ($"фото объекта {i}.jpg", "image/jpeg"),
                _ => ($"реквизиты-{i}.txt", "text/plain"),
            };
            var bytes = new byte[random.Next(2_000, 60_000)];
            random.NextBytes(bytes);
            var parts = type.Split('/');
            mixed.Add(new MimePart(parts[0], parts[1])
            {
                Content = new MimeContent(new MemoryStream(bytes)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = name,
            });
        }
        return mixed;
    }
}
