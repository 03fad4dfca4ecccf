using System.Net;
using System.Text;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Directory;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tables;

/// <summary>
/// Imports of «Списки» (<c>/api/directory/imports</c>): files refused with a clear reason (an encoding that is
/// not UTF-8, a mapping naming a column the file lacks, an unclosed quote), 10,000 rows with 1 % bad whose
/// report lists exactly those, duplicates skipped, updated or created (of stored records and of records an
/// earlier row of the same batch made; companies by ИНН), a row the database refuses, the preview and its
/// remembered mapping, a cancel.
/// </summary>
public sealed class ImportContactsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static readonly object ContactMapping = new { fullName = "ФИО", phone = "Телефон", email = "Почта", company = "Компания" };

    [Fact]
    public async Task A_file_that_is_not_utf8_is_refused_unless_read_as_windows_1251()
    {
        using var admin = await app.SignedInAsync();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var cp1251 = Encoding.GetEncoding(1251).GetBytes("ФИО;Телефон\r\nИванов Пётр;+7 916 111-22-33\r\n");
        var problem = await (await admin.PostImportAsync("/api/directory/imports/preview", cp1251, "contacts")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("UTF-8", Assert.Single(problem.FieldErrors("encoding")));

        var preview = await (await admin.PostImportAsync("/api/directory/imports/preview", cp1251, "contacts", encoding: "windows-1251"))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["ФИО", "Телефон"], preview.GetProperty("headers").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("Иванов Пётр", preview.GetProperty("rows")[0].GetProperty("values").GetProperty("fullName").GetString());
    }

    [Fact]
    public async Task Missing_columns_and_broken_quotes_are_refused_with_what_to_fix()
    {
        using var admin = await app.SignedInAsync();
        var file = ImportsKit.Utf8Csv("ФИО,Телефон\r\nИванов,+79161112233\r\n");
        var missing = await (await admin.PostImportAsync("/api/directory/imports", file, "contacts", new { fullName = "ФИО", email = "Почта" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("«Почта»", Assert.Single(missing.FieldErrors("mapping")));
        var unmapped = await (await admin.PostImportAsync("/api/directory/imports", file, "contacts", new { phone = "Телефон" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Имя", Assert.Single(unmapped.FieldErrors("mapping")));

        var broken = ImportsKit.Utf8Csv("ФИО,Телефон\r\nИванов,+79161112233\r\n\"Петров, Пётр,+79161112234\r\nСидоров,+79161112235\r\n");
        var quotes = await (await admin.PostImportAsync("/api/directory/imports", broken, "contacts", new { fullName = "ФИО" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("3", Assert.Single(quotes.FieldErrors("file")));
    }

    [Fact]
    public async Task Ten_thousand_rows_with_one_percent_bad_report_exactly_those()
    {
        using var admin = await app.SignedInAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder("ФИО;Телефон;Почта;Компания\r\n");
        var bad = new List<int>();
        for (var i = 1; i <= 10_000; i++)
        {
            var row = i + 1; // the header is row 1
            var (name, phone) = i % 100 == 0
                ? (i % 200 == 0 ? ("", $"+7 925 {i:D7}") : ($"Контакт {tag} {i}", "12"))
                : ($"Контакт {tag} {i}", $"+7 925 {i:D7}");
            if (i % 100 == 0)
            {
                bad.Add(row);
            }
            csv.Append($"{name};{phone};c{i}.{tag}@example.com;{(i % 10 == 0 ? $"Компания {tag}" : "")}\r\n");
        }
        var id = await admin.StartImportAsync(ImportsKit.Utf8Csv(csv.ToString()), "contacts", ContactMapping);
        var ended = await admin.EndedAsync(id);
        Assert.Equal("done", ended.GetProperty("status").GetString());
        Assert.Equal(10_000, ended.GetProperty("processedRows").GetInt32());
        Assert.Equal(9_900, ended.GetProperty("created").GetInt32());
        Assert.Equal(100, ended.GetProperty("rejected").GetInt32());

        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(9_900, await db.ExecuteScalarAsync<int>("select count(*) from directory.contacts where full_name like @Like", new { Like = $"Контакт {tag} %" }));
        // one company of that name, made once and linked to every tenth row's contact (by the Lists' rules, with its event)
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("select count(*) from directory.companies where name = @Name", new { Name = $"Компания {tag}" }));
        Assert.Equal(900, await db.ExecuteScalarAsync<int>(
            "select count(*) from directory.contacts c join directory.companies k on k.id = c.company_id where k.name = @Name", new { Name = $"Компания {tag}" }));
        Assert.Equal("+79250000001", await db.ExecuteScalarAsync<string>(
            "select p.number from directory.contact_phones p join directory.contacts c on c.id = p.contact_id where c.full_name = @Name",
            new { Name = $"Контакт {tag} 1" }));
        Assert.Equal(9_900 + 1, await db.ExecuteScalarAsync<int>(
            "select count(*) from bus.outbox where (event_type like '%ContactCreated' or event_type like '%CompanyCreated') and payload::text like @Like",
            new { Like = $"%{tag}%" }));
        // the ready filter's kept total counted the records inserted a batch at a time
        Assert.Equal(
            await db.ExecuteScalarAsync<long>("select count(*) from directory.contacts where deleted_at is null and idle"),
            await db.ExecuteScalarAsync<long>("select count from directory.idle_totals where list = 'contacts'"));

        var report = ExportFiles.Csv(await (await admin.GetAsync($"/api/directory/imports/{id}/report")).DownloadAsync("text/csv"), ',');
        Assert.Equal(["Строка", "Причина"], report[0][..2]);
        Assert.Equal(bad.Select(b => b.ToString()), report.Skip(1).Select(r => r[0]));
        Assert.Contains(report, r => r[1].StartsWith("Имя", StringComparison.Ordinal));
        Assert.Contains(report, r => r[1].StartsWith("Телефон «12»", StringComparison.Ordinal) && r[2].StartsWith("Контакт", StringComparison.Ordinal));
    }

    /// <summary>
    /// Row 2 duplicates a stored contact by phone; row 4 duplicates row 3 of the same file by e-mail (one batch, so the
    /// batch must see the record its own earlier row made, as row-by-row saving would).
    /// </summary>
    [Theory]
    [InlineData("skip")]
    [InlineData("update")]
    [InlineData("create")]
    public async Task Duplicates_by_phone_are_skipped_updated_or_created_as_asked(string mode)
    {
        using var admin = await app.SignedInAsync();
        var mobile = DirectoryKit.NewMobile();
        var later = DirectoryKit.NewMobile();
        var existing = await admin.CreateContactAsync(new { fullName = "Старое имя", phones = new[] { new { number = "8" + mobile } } });
        var tag = Guid.NewGuid().ToString("N")[..8];
        var file = ImportsKit.Utf8Csv(
            $"ФИО,Телефон,Почта\r\nНовое имя {tag},+7{mobile},new.{tag}@example.com\r\nДругой {tag},,other.{tag}@example.com\r\n" +
            $"Третий {tag},+7{later},OTHER.{tag}@example.com\r\n");
        var ended = await admin.EndedAsync(await admin.StartImportAsync(file, "contacts", new { fullName = "ФИО", phone = "Телефон", email = "Почта" }, mode));
        Assert.Equal("done", ended.GetProperty("status").GetString());
        var contact = await admin.ContactAsync(existing.Id());
        await using var db = await app.OpenDatabaseAsync();
        var withPhone = await db.ExecuteScalarAsync<int>(
            "select count(*) from directory.contact_phones p join directory.contacts c on c.id = p.contact_id where p.number = @N and c.deleted_at is null",
            new { N = "+7" + mobile });
        var withOther = await db.QueryAsync<(string Name, int Version)>(
            "select c.full_name, c.version from directory.contact_emails e join directory.contacts c on c.id = e.contact_id where e.address = @A",
            new { A = $"other.{tag}@example.com" });
        switch (mode)
        {
            case "skip":
                Assert.Equal((1, 2), (ended.GetProperty("created").GetInt32(), ended.GetProperty("skipped").GetInt32()));
                Assert.Equal("Старое имя", contact.GetProperty("fullName").GetString());
                Assert.Equal(1, withPhone);
                Assert.Equal([($"Другой {tag}", 1)], withOther);
                break;
            case "update":
                Assert.Equal((1, 2), (ended.GetProperty("created").GetInt32(), ended.GetProperty("updated").GetInt32()));
                Assert.Equal($"Новое имя {tag}", contact.GetProperty("fullName").GetString());
                Assert.Equal($"new.{tag}@example.com", contact.GetProperty("emails")[0].GetProperty("address").GetString());
                Assert.Equal(1, withPhone);
                Assert.Equal(1, await db.ExecuteScalarAsync<int>(
                    "select count(*) from bus.outbox where event_type like '%ContactUpdated' and aggregate_id = @Id", new { Id = existing.Id() }));
                // row 3's contact, made by this import, then updated by row 4 (its phone added, version 2, its event)
                Assert.Equal([($"Третий {tag}", 2)], withOther);
                Assert.Equal(1, await db.ExecuteScalarAsync<int>(
                    """
                    select count(*) from directory.contact_phones p join directory.contact_emails e on e.contact_id = p.contact_id
                    where p.number = @N and e.address = @A
                    """,
                    new { N = "+7" + later, A = $"other.{tag}@example.com" }));
                Assert.Equal(2, await db.ExecuteScalarAsync<int>(
                    """
                    select count(*) from bus.outbox o join directory.contact_emails e on e.contact_id = o.aggregate_id
                    where e.address = @A and (o.event_type like '%ContactCreated' or o.event_type like '%ContactUpdated')
                    """,
                    new { A = $"other.{tag}@example.com" }));
                break;
            default:
                Assert.Equal(3, ended.GetProperty("created").GetInt32());
                Assert.Equal("Старое имя", contact.GetProperty("fullName").GetString());
                Assert.Equal(2, withPhone);
                Assert.Equal(2, withOther.Count());
                break;
        }
    }

    /// <summary>
    /// Companies in <c>update</c> mode: row 2 updates a stored company found by its ИНН, row 3 makes a company that row 4
    /// (the same ИНН, one batch) then updates, row 5's ИНН breaks the rule.
    /// </summary>
    [Fact]
    public async Task Companies_found_by_tax_id_are_updated_even_one_made_by_an_earlier_row()
    {
        using var admin = await app.SignedInAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (storedTaxId, newTaxId, mobile) = (DirectoryKit.NewTaxId(), DirectoryKit.NewTaxId(), DirectoryKit.NewMobile());
        var existing = await admin.CreateCompanyAsync(new { name = $"Старая {tag}", taxId = storedTaxId });
        var file = ImportsKit.Utf8Csv(
            $"Название;ИНН;Телефон;Сайт\r\nНовая {tag};{storedTaxId};;\r\nПервая {tag};{newTaxId};8{mobile};\r\n" +
            $"Первая снова {tag};{newTaxId};;https://site-{tag}.ru\r\nПлохая {tag};123;;\r\n");
        var ended = await admin.EndedAsync(await admin.StartImportAsync(
            file, "companies", new { name = "Название", taxId = "ИНН", phone = "Телефон", website = "Сайт" }, "update"));
        Assert.Equal("done", ended.GetProperty("status").GetString());
        Assert.Equal((1, 2, 1), (ended.GetProperty("created").GetInt32(), ended.GetProperty("updated").GetInt32(), ended.GetProperty("rejected").GetInt32()));
        Assert.Equal($"Новая {tag}", (await admin.CompanyAsync(existing.Id())).GetProperty("name").GetString());
        await using var db = await app.OpenDatabaseAsync();
        var made = await db.QuerySingleAsync<(string Name, string Website, int Version, string Phone)>(
            """
            select c.name, c.website, c.version, p.number from directory.companies c join directory.company_phones p on p.company_id = c.id
            where c.tax_id = @newTaxId
            """,
            new { newTaxId });
        Assert.Equal(($"Первая снова {tag}", $"https://site-{tag}.ru", 2, "+7" + mobile), made);
        Assert.Equal(["CompanyCreated", "CompanyUpdated"], (await db.QueryAsync<string>(
            """
            select o.event_type from bus.outbox o join directory.companies c on c.id = o.aggregate_id
            where c.tax_id = @newTaxId order by o.aggregate_version
            """,
            new { newTaxId })).Select(t => t.Split('.')[^1]));
    }

    /// <summary>
    /// A row the checks in memory pass but the database refuses (here a constraint this test adds) is refused alone:
    /// the batch is saved again a row at a time and the rows around it are saved.
    /// </summary>
    [Fact]
    public async Task A_row_the_database_refuses_is_reported_and_the_rest_of_its_batch_saved()
    {
        using var admin = await app.SignedInAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var db = await app.OpenDatabaseAsync();
        await db.ExecuteAsync($"alter table directory.contacts add constraint refuse_{tag} check (full_name <> 'Отказ {tag}')");
        try
        {
            var file = ImportsKit.Utf8Csv($"ФИО\r\nПервый {tag}\r\nОтказ {tag}\r\nТретий {tag}\r\n");
            var id = await admin.StartImportAsync(file, "contacts", new { fullName = "ФИО" });
            var ended = await admin.EndedAsync(id);
            Assert.Equal("done", ended.GetProperty("status").GetString());
            Assert.Equal((2, 1), (ended.GetProperty("created").GetInt32(), ended.GetProperty("rejected").GetInt32()));
            var reject = Assert.Single(ended.GetProperty("rejects").EnumerateArray());
            Assert.Equal(3, reject.GetProperty("row").GetInt32());
            Assert.StartsWith("Строка не сохранена", reject.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(2, await db.ExecuteScalarAsync<int>(
                "select count(*) from directory.contacts where full_name in (@A, @B)", new { A = $"Первый {tag}", B = $"Третий {tag}" }));
            Assert.Equal(2, await db.ExecuteScalarAsync<int>(
                "select count(*) from bus.outbox where event_type like '%ContactCreated' and payload::text like @Like", new { Like = $"%{tag}%" }));
        }
        finally
        {
            await db.ExecuteAsync($"alter table directory.contacts drop constraint refuse_{tag}");
        }
    }

    [Fact]
    public async Task The_preview_guesses_the_mapping_then_offers_the_one_last_used_and_shows_each_rows_errors()
    {
        var (manager, _) = await app.UserAsync();
        using var client = manager;
        var file = ImportsKit.Utf8Csv("Имя;Тел;Колонка X\r\nИванов;+7 916 000 00 00;a\r\n;bad;b\r\n");
        var preview = await (await client.PostImportAsync("/api/directory/imports/preview", file, "contacts")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Имя", preview.GetProperty("mapping").GetProperty("fullName").GetString());
        Assert.Equal("Тел", preview.GetProperty("mapping").GetProperty("phone").GetString());
        Assert.Equal(2, preview.GetProperty("totalRows").GetInt32());
        var rows = preview.GetProperty("rows");
        Assert.Equal(0, rows[0].GetProperty("errors").GetArrayLength());
        Assert.Equal(2, rows[1].GetProperty("errors").GetArrayLength());

        var id = await client.StartImportAsync(file, "contacts", new { fullName = "Имя", position = "Колонка X" });
        await client.EndedAsync(id);
        var next = await (await client.PostImportAsync("/api/directory/imports/preview", file, "contacts")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Колонка X", next.GetProperty("mapping").GetProperty("position").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.String, JsonValueKindOf(next, "phone")); // still guessed from its header
    }

    private static System.Text.Json.JsonValueKind JsonValueKindOf(System.Text.Json.JsonElement preview, string field) =>
        preview.GetProperty("mapping").TryGetProperty(field, out var v) ? v.ValueKind : System.Text.Json.JsonValueKind.Undefined;

    [Fact]
    public async Task A_cancelled_import_stops_and_keeps_only_what_it_committed()
    {
        using var admin = await app.SignedInAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder("ФИО\r\n");
        for (var i = 0; i < 20_000; i++)
        {
            csv.Append($"Отмена {tag} {i}\r\n");
        }
        var id = await admin.StartImportAsync(ImportsKit.Utf8Csv(csv.ToString()), "contacts", new { fullName = "ФИО" }, "create");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/directory/imports/{id}/cancel")).StatusCode);
        var ended = await admin.EndedAsync(id);
        Assert.Equal("cancelled", ended.GetProperty("status").GetString());
        Assert.True(ended.GetProperty("processedRows").GetInt32() < 20_000);
        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(ended.GetProperty("created").GetInt32(),
            await db.ExecuteScalarAsync<int>("select count(*) from directory.contacts where full_name like @Like", new { Like = $"Отмена {tag} %" }));
    }

    [Fact]
    public async Task Another_users_import_is_not_found_for_a_manager()
    {
        using var admin = await app.SignedInAsync();
        var id = await admin.StartImportAsync(ImportsKit.Utf8Csv($"ФИО\r\nЧужой {Guid.NewGuid():N}\r\n"), "contacts", new { fullName = "ФИО" });
        var (manager, _) = await app.UserAsync();
        using var client = manager;
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/directory/imports/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/directory/imports/{id}/cancel")).StatusCode);
    }
}
