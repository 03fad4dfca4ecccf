using System.Net;
using System.Text.Json;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Features;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Directory;

/// <summary>
/// The companies and contacts tables «как в Excel» (Common/RecordTable): every kind of column filter
/// against real records, and keyset pages that walk each sort in the database's own order, stable
/// while records are added.
/// </summary>
public sealed class RecordTableTests(CrmApp app) : IClassFixture<CrmApp>
{
    /// <summary>The names of the rows a list answers, the search <paramref name="tag"/> narrowing it to this test's records.</summary>
    private static async Task<List<string>> NamesAsync(CrmClient client, string table, string tag, string filters)
    {
        var name = table == "companies" ? "name" : "fullName";
        var page = await (await client.GetAsync($"/api/directory/{table}?q={Uri.EscapeDataString(tag)}&sort={name}&{filters}"))
            .JsonAsync(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().Select(i => i.Text(name)[(tag.Length + 1)..]).ToList();
    }

    private static string F(string column, string expression) => $"f.{column}={Uri.EscapeDataString(expression)}";

    [Fact]
    public async Task Companies_filter_by_text_phone_email_tax_id_empty_number_and_custom_field()
    {
        var tag = DirectoryKit.Unique("Столбцы");
        var (manager, _) = await app.UserAsync();
        using var admin = await app.SignedInAsync();
        var staff = (await (await admin.PostAsync("/api/directory/custom-fields",
            new { entity = "company", name = DirectoryKit.Unique("Штат"), type = "number" })).JsonAsync(HttpStatusCode.Created)).Id();
        var mobile = DirectoryKit.NewMobile();
        var taxId = DirectoryKit.NewTaxId();
        var fir = await manager.CreateCompanyAsync(new
        {
            name = $"{tag} Ёлка",
            phones = new[] { new { number = $"+7 {mobile}", type = "work" } },
            emails = new[] { new { address = $"sales-{tag[^8..]}@elka.ru", type = "work" } },
            taxId,
            region = "Свердловская область",
            customFields = new Dictionary<string, object> { [staff.ToString()] = 150 },
        });
        await manager.CreateCompanyAsync(new { name = $"{tag} Берёза", region = "Пермский край", customFields = new Dictionary<string, object> { [staff.ToString()] = 20 } });
        await manager.CreateCompanyAsync(new { name = $"{tag} Дуб" });

        Assert.Equal(["Ёлка"], await NamesAsync(manager, "companies", tag, F("name", "~ЕЛК")));
        Assert.Equal(["Берёза"], await NamesAsync(manager, "companies", tag, F("name", "~берез")));
        // the phone in four formats: as dialled at home, international, digits only, a typed part
        foreach (var typed in new[] { $"8 ({mobile[..3]}) {mobile[3..6]}-{mobile[6..8]}-{mobile[8..]}", $"+7{mobile}", $"7{mobile}", $"{mobile[3..6]}-{mobile[6..8]}" })
        {
            Assert.Equal(["Ёлка"], await NamesAsync(manager, "companies", tag, F("phone", "~" + typed)));
        }
        Assert.Equal(["Берёза", "Дуб"], await NamesAsync(manager, "companies", tag, F("phone", "empty")));
        Assert.Equal(["Ёлка"], await NamesAsync(manager, "companies", tag, F("email", "~@ELKA.ru")));
        Assert.Equal(["Берёза", "Дуб"], await NamesAsync(manager, "companies", tag, F("email", "empty")));
        Assert.Equal(["Ёлка"], await NamesAsync(manager, "companies", tag, F("taxId", "~" + taxId[2..8])));
        Assert.Equal(["Дуб"], await NamesAsync(manager, "companies", tag, F("region", "empty")));
        Assert.Equal(["Берёза", "Ёлка"], await NamesAsync(manager, "companies", tag, F("region", "!empty")));
        Assert.Equal(["Ёлка"], await NamesAsync(manager, "companies", tag, F($"cf.{staff}", "100..")));
        Assert.Equal(["Берёза"], await NamesAsync(manager, "companies", tag, F($"cf.{staff}", "..99.5")));
        Assert.Equal(["Дуб"], await NamesAsync(manager, "companies", tag, F($"cf.{staff}", "empty")));
        // two filters together, and what looks like SQL is only a value
        Assert.Equal(["Ёлка"], await NamesAsync(manager, "companies", tag, $"{F("region", "~област")}&{F("name", "~ёл")}"));
        Assert.Empty(await NamesAsync(manager, "companies", tag, F("name", "~'); drop table directory.companies; --")));
        Assert.Equal(3, (await NamesAsync(manager, "companies", tag, "")).Count);

        // open deals, learnt from a real deal of the company
        Assert.Empty(await NamesAsync(manager, "companies", tag, F("openDeals", "1..")));
        await manager.CreateDealAsync(await app.PipelineAsync(), new { name = "Сделка с ёлкой", companyId = fir.Id() });
        await Eventually.TrueAsync(async () => (await NamesAsync(manager, "companies", tag, F("openDeals", "1.."))).SequenceEqual(["Ёлка"]),
            "the company with an open deal");
        Assert.Equal(["Берёза", "Дуб"], await NamesAsync(manager, "companies", tag, F("openDeals", "..0")));
    }

    [Fact]
    public async Task Contacts_filter_by_company_position_responsible_and_time()
    {
        var tag = DirectoryKit.Unique("Контакты столбцов");
        var (manager, managerId) = await app.UserAsync();
        var (other, _) = await app.UserAsync();
        var company = await manager.CreateCompanyAsync(new { name = DirectoryKit.Unique("ООО Ромашка") });
        await manager.CreateContactAsync(new { fullName = $"{tag} Иванов", position = "Главный инженер", companyId = company.Id() });
        await manager.CreateContactAsync(new { fullName = $"{tag} Петров" });
        await other.CreateContactAsync(new { fullName = $"{tag} Сидоров", position = "Закупщик" });

        Assert.Equal(["Иванов"], await NamesAsync(manager, "contacts", tag, F("company", "~ромашк")));
        Assert.Equal(["Петров", "Сидоров"], await NamesAsync(manager, "contacts", tag, F("company", "empty")));
        Assert.Equal(["Иванов"], await NamesAsync(manager, "contacts", tag, F("position", "~инженер")));
        Assert.Equal(["Иванов", "Петров"], await NamesAsync(manager, "contacts", tag, F("responsible", $"in:{managerId}")));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        Assert.Equal(3, (await NamesAsync(manager, "contacts", tag, F("created", $"{today}..{today}"))).Count);
        Assert.Empty(await NamesAsync(manager, "contacts", tag, F("updated", "..2020-01-01")));
        Assert.Equal(3, (await NamesAsync(manager, "contacts", tag, F("openTasks", "..0"))).Count);
    }

    [Theory]
    [InlineData("companies", "f.nope", "~x")]
    [InlineData("companies", "f.openDeals", "many")]
    [InlineData("companies", "f.created", "вчера..")]
    [InlineData("contacts", "f.responsible", "in:not-an-id")]
    [InlineData("contacts", "f.phone", "~no digits")]
    [InlineData("contacts", "f.cf.00000000-0000-0000-0000-000000000001", "~x")]
    public async Task A_filter_of_an_unknown_column_or_an_expression_that_does_not_fit_is_a_400_on_its_parameter(
        string table, string parameter, string expression)
    {
        var (manager, _) = await app.UserAsync();
        var problem = await (await manager.GetAsync($"/api/directory/{table}?{parameter}={Uri.EscapeDataString(expression)}"))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors(parameter));
    }

    /// <summary>Every page of the sort, <paramref name="limit"/> rows at a time: the ids in the order walked.</summary>
    private static async Task<List<Guid>> WalkAsync(CrmClient client, string table, string tag, string sort, int limit, Func<int, Task>? betweenPages = null)
    {
        var ids = new List<Guid>();
        string? after = null;
        for (var page = 0; ; page++)
        {
            var json = await (await client.GetAsync(
                    $"/api/directory/{table}?q={Uri.EscapeDataString(tag)}&sort={sort}&limit={limit}{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}"))
                .JsonAsync(HttpStatusCode.OK);
            var items = json.GetProperty("items").EnumerateArray().Select(i => i.Id()).ToList();
            Assert.True(items.Count <= limit);
            Assert.Equal(page == 0 ? JsonValueKind.Number : JsonValueKind.Null, json.GetProperty("total").ValueKind);
            ids.AddRange(items);
            after = json.GetProperty("nextCursor").GetString();
            if (after is null)
            {
                return ids;
            }
            Assert.Equal(limit, items.Count);
            if (betweenPages is not null)
            {
                await betweenPages(page);
            }
        }
    }

    [Theory]
    [InlineData("contacts", "fullName", "c.name_key, c.id")]
    [InlineData("contacts", "-fullName", "c.name_key desc, c.id desc")]
    [InlineData("contacts", "createdAt", "c.created_at, c.id")]
    [InlineData("contacts", "-updatedAt", "c.updated_at desc, c.id desc")]
    [InlineData("companies", "name", "c.name_key, c.id")]
    [InlineData("companies", "-createdAt", "c.created_at desc, c.id desc")]
    public async Task Keyset_pages_walk_every_record_once_in_the_databases_order_ties_included(string table, string sort, string orderBy)
    {
        var tag = DirectoryKit.Unique("Страницы");
        var (manager, _) = await app.UserAsync();
        // ties: the same name three times (and «ё»/«е» spellings that fold to one key)
        foreach (var name in new[] { "Анна", "Анна", "Борис", "Ёжик", "Ежик", "Вера", "Анна" })
        {
            if (table == "companies")
            {
                await manager.CreateCompanyAsync(new { name = $"{tag} {name}" });
            }
            else
            {
                await manager.CreateContactAsync(new { fullName = $"{tag} {name}" });
            }
        }
        var nameColumn = table == "companies" ? "name" : "full_name";
        await using var db = await app.OpenDatabaseAsync();
        var expected = (await db.QueryAsync<Guid>(
            $"select c.id from directory.{table} c where c.deleted_at is null and c.{nameColumn} like @Tag || '%' order by {orderBy}",
            new { Tag = tag })).ToList();
        Assert.Equal(7, expected.Count);

        foreach (var limit in new[] { 1, 2, 3, 7 })
        {
            Assert.Equal(expected, await WalkAsync(manager, table, tag, sort, limit));
        }
    }

    [Theory]
    [InlineData("fullName")]
    [InlineData("-fullName")]
    [InlineData("createdAt")]
    [InlineData("-updatedAt")]
    public async Task A_next_keyset_page_is_one_statement_its_cursor_read_with_the_page(string sort)
    {
        var tag = DirectoryKit.Unique("Одним");
        var (manager, _) = await app.UserAsync();
        foreach (var name in new[] { "Анна", "Ёжик", "Борис", "Ежик", "Анна" })
        {
            await manager.CreateContactAsync(new { fullName = $"{tag} {name}" });
        }
        await using var db = await app.OpenDatabaseAsync();
        var key = Listing.Key(sort, "fullName")!;
        var expected = (await db.QueryAsync<Guid>(
            $"select c.id from directory.contacts c where c.deleted_at is null and c.full_name like @Tag || '%' order by {key.OrderBy}",
            new { Tag = tag })).ToList();
        var walked = new List<Guid>();
        string? after = null;
        do
        {
            var (filter, args) = await RecordTable.ContactsWhereAsync(db, tag, null, false, new Dictionary<string, string>(), CancellationToken.None);
            PageResponse<ListContacts.Item>? page = null;
            var statements = await StatementLog.OfAsync(async () => page = await RecordTable.PageAsync<ListContacts.Item>(
                db, "contacts", new RecordTable.Paging(sort, "fullName", null, null, after, 2), filter, args, null, ListContacts.PageSql, i => i.Id,
                CancellationToken.None));

            // the first page is counted as well
            Assert.Equal(after is null ? 2 : 1, statements.Count);
            walked.AddRange(page!.Items.Select(i => i.Id));
            after = page.NextCursor;
        }
        while (after is not null);
        Assert.Equal(5, expected.Count);
        Assert.Equal(expected, walked);
    }

    [Fact]
    public async Task A_keyset_walk_stays_whole_while_contacts_are_added_before_and_after_its_cursor()
    {
        var tag = DirectoryKit.Unique("Вставки");
        var (manager, _) = await app.UserAsync();
        var originals = new List<Guid>();
        foreach (var name in new[] { "Б1", "Б2", "В1", "В2", "Г1", "Г2" })
        {
            originals.Add((await manager.CreateContactAsync(new { fullName = $"{tag} {name}" })).Id());
        }
        var before = new List<Guid>();
        var later = new List<Guid>();
        var walked = await WalkAsync(manager, "contacts", tag, "fullName", 2, async page =>
        {
            // each page: one new contact sorting before the cursor (not to be seen) and one after it (to be seen)
            before.Add((await manager.CreateContactAsync(new { fullName = $"{tag} А{page}" })).Id());
            later.Add((await manager.CreateContactAsync(new { fullName = $"{tag} Я{page}" })).Id());
        });

        Assert.Equal(walked.Count, walked.Distinct().Count());
        Assert.Equal(originals, walked.Take(originals.Count));
        Assert.Empty(walked.Intersect(before));
        Assert.Equal(later, walked.Skip(originals.Count).ToList());
    }

    [Fact]
    public async Task A_cursor_of_another_sort_or_a_broken_one_is_a_400_on_after()
    {
        var tag = DirectoryKit.Unique("Курсор");
        var (manager, _) = await app.UserAsync();
        await manager.CreateContactAsync(new { fullName = $"{tag} 1" });
        await manager.CreateContactAsync(new { fullName = $"{tag} 2" });
        var first = await (await manager.GetAsync($"/api/directory/contacts?q={Uri.EscapeDataString(tag)}&sort=fullName&limit=1"))
            .JsonAsync(HttpStatusCode.OK);
        var cursor = Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!);

        foreach (var url in new[]
                 {
                     $"/api/directory/contacts?q={Uri.EscapeDataString(tag)}&sort=createdAt&after={cursor}",
                     $"/api/directory/contacts?q={Uri.EscapeDataString(tag)}&sort=-fullName&after={cursor}",
                     "/api/directory/contacts?after=not-a-cursor",
                 })
        {
            var problem = await (await manager.GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotEmpty(problem.FieldErrors("after"));
        }
        var problemLimit = await (await manager.GetAsync("/api/directory/companies?limit=0")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problemLimit.FieldErrors("limit"));
    }
}
