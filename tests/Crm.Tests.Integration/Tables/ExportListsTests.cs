using System.Net;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Directory;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tables;

/// <summary>
/// ExportLists (<c>GET /api/directory/export</c>): every company or contact the list's search and column
/// filters select (more than one batch, the same rows as the table's keyset walk), in the list's sort, all phones and e-mails, the responsible by name, formulas escaped.
/// </summary>
public sealed class ExportListsTests(CrmApp app) : IClassFixture<CrmApp>, IAsyncLifetime
{
    private const int Count = 2_100;
    private string tag = "";
    private string phone1 = "";
    private string phone2 = "";

    public async Task InitializeAsync()
    {
        tag = Guid.NewGuid().ToString("N")[..8];
        (phone1, phone2) = (DirectoryKit.NewMobile(), DirectoryKit.NewMobile());
        using var admin = await app.SignedInAsync();
        await admin.CreateContactAsync(new
        {
            fullName = $"=HYPERLINK(\"x\") {tag}",
            phones = new[] { new { number = "+7" + phone1 }, new { number = "8" + phone2 } },
            emails = new[] { new { address = $"a{tag}@example.com" } },
        });
        await app.WaitForAsync("select count(*) = 1 from directory.users where name <> ''", null, "the admin's name in Directory's copy");
        await using var db = await app.OpenDatabaseAsync();
        var admin1 = await db.ExecuteScalarAsync<Guid>("select responsible_id from directory.contacts limit 1");
        await db.ExecuteAsync(
            """
            insert into directory.contacts (id, full_name, responsible_id, custom, name_key, search, phone_digits, created_by, created_at, updated_by, updated_at)
            select gen_random_uuid(), 'Контакт ' || @Tag || ' ' || lpad(g::text, 5, '0'), @Admin, '{}', 'контакт ' || @Tag || ' ' || lpad(g::text, 5, '0'),
                   'контакт ' || @Tag, '', @Admin, now(), @Admin, now() - g * interval '1 second'
            from generate_series(1, @Count) g
            """,
            new { Tag = tag, Admin = admin1, Count });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Contacts_of_a_search_are_all_written_in_the_lists_sort()
    {
        using var admin = await app.SignedInAsync();
        var rows = ExportFiles.Csv(
            await (await admin.GetAsync($"/api/directory/export?table=contacts&q={tag}&sort=-fullName&delimiter=semicolon")).DownloadAsync("text/csv"), ';');
        Assert.Equal(["Имя", "Должность", "Компания", "Телефоны", "E-mail", "Ответственный"], rows[0][..6]);
        Assert.Equal(Count + 1, rows.Count - 1);
        var names = rows.Skip(1).Select(r => r[0]).ToList();
        Assert.Equal(names.OrderByDescending(n => n.ToLowerInvariant().Replace('ё', 'е'), StringComparer.Ordinal), names);
        var tricky = rows.Single(r => r[0].Contains("HYPERLINK", StringComparison.Ordinal));
        Assert.StartsWith("'=", tricky[0]);
        Assert.Equal(2, tricky[3].Split(", ").Length);
        Assert.StartsWith("'+7 916 ", tricky[3]); // a leading + is escaped as any formula start
        Assert.Equal($"a{tag}@example.com", tricky[4]);
        Assert.NotEqual("", tricky[5]);
    }

    [Fact]
    public async Task An_export_of_a_view_holds_every_row_the_tables_url_selects_column_filters_included()
    {
        using var admin = await app.SignedInAsync();
        // the view: the search, a phone column filter (drops the contact with phones) and a time range, newest update first
        var view = $"q={tag}&f.phone=empty&f.updated={Uri.EscapeDataString("2000-01-01..")}&sort=-updatedAt";
        var walked = new List<string>();
        string? after = null;
        do
        {
            var json = await (await admin.GetAsync(
                    $"/api/directory/contacts?{view}&limit=200{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}"))
                .JsonAsync(HttpStatusCode.OK);
            walked.AddRange(json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("fullName").GetString()!));
            after = json.GetProperty("nextCursor").GetString();
        }
        while (after is not null);
        var rows = ExportFiles.Csv(await (await admin.GetAsync($"/api/directory/export?table=contacts&{view}&cols=fullName")).DownloadAsync("text/csv"), ',');
        Assert.Equal(Count, walked.Count); // more than one export batch
        Assert.Equal(walked, rows.Skip(1).Select(r => r[0]));
        var problem = await (await admin.GetAsync($"/api/directory/export?table=contacts&f.nope=empty")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("f.nope"));
    }

    [Fact]
    public async Task Companies_export_as_xlsx_and_bad_table_is_a_400()
    {
        using var admin = await app.SignedInAsync();
        var name = $"Экспорт {tag}";
        await admin.CreateCompanyAsync(new { name, taxId = DirectoryKit.NewTaxId() });
        var rows = ExportFiles.Xlsx(await (await admin.GetAsync($"/api/directory/export?table=companies&q={tag}&format=xlsx"))
            .DownloadAsync("application/vnd.openxmlformats"));
        Assert.Equal(2, rows.Count);
        Assert.Equal(name, rows[1][0]);
        var problem = await (await admin.GetAsync("/api/directory/export?table=deals")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("table"));
    }
}
