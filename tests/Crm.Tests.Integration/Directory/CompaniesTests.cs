using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Directory;

/// <summary>CreateCompany, GetCompany, UpdateCompany, DeleteCompany, ListCompanies: fields, bad input, rights, versions, events.</summary>
public sealed class CompaniesTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_manager_creates_a_company_with_normalised_phones_and_emails_and_becomes_responsible()
    {
        var (manager, managerId) = await app.UserAsync();
        var mobile = DirectoryKit.NewMobile();
        var taxId = DirectoryKit.NewTaxId();
        var company = await manager.CreateCompanyAsync(new
        {
            name = "  ООО «Ромашка»  ",
            phones = new[] { new { number = $"8 ({mobile[..3]}) {mobile[3..6]}-{mobile[6..8]}-{mobile[8..]}", type = "mobile" } },
            emails = new[] { new { address = " Info@Romashka.RU ", type = "work" } },
            website = "https://romashka.ru",
            address = "Москва, ул. Ленина, 1",
            region = "Москва",
            taxId,
            notes = "Дилер с 2020 года",
        });

        Assert.Equal("ООО «Ромашка»", company.Text("name"));
        var phone = Assert.Single(company.GetProperty("phones").EnumerateArray());
        Assert.Equal($"+7{mobile}", phone.Text("number"));
        Assert.Equal($"+7 {mobile[..3]} {mobile[3..6]}-{mobile[6..8]}-{mobile[8..]}", phone.Text("display"));
        Assert.Equal("mobile", phone.Text("type"));
        var email = Assert.Single(company.GetProperty("emails").EnumerateArray());
        Assert.Equal("info@romashka.ru", email.Text("address"));
        Assert.Equal("https://romashka.ru", company.Text("website"));
        Assert.Equal(taxId, company.Text("taxId"));
        Assert.Equal("Дилер с 2020 года", company.Text("notes"));
        Assert.Equal(managerId, company.GetProperty("responsibleId").GetGuid());
        Assert.Equal(1, company.Version());
        Assert.Empty(company.GetProperty("contacts").EnumerateArray());

        var read = await manager.CompanyAsync(company.Id());
        Assert.Equal(company.ToString(), read.ToString());

        var created = Assert.Single(await app.DirectoryOutboxAsync("CompanyCreated", company.Id()));
        Assert.Equal("ООО «Ромашка»", created.GetProperty("company").Text("name"));
        Assert.Equal(1, created.GetProperty("company").Version());
        Assert.Equal(managerId, created.GetProperty("company").GetProperty("responsibleId").GetGuid());
        Assert.Equal(managerId, created.GetProperty("createdBy").GetGuid());
    }

    [Fact]
    public async Task Bad_fields_get_a_message_each_in_the_callers_language()
    {
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.PostCompanyAsync(new
        {
            name = new string('я', 256),
            phones = new[] { new { number = "12", type = "work" }, new { number = DirectoryKit.NewMobile(), type = "pager" } },
            emails = new[] { new { address = "not-an-email", type = "work" } },
            website = "ftp://romashka.ru",
            address = new string('a', 1001),
            region = new string('r', 256),
            taxId = "12345",
            notes = new string('n', 10_001),
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Название: от 1 до 255 символов"], problem.FieldErrors("name"));
        Assert.Equal(["Не похоже на номер телефона"], problem.FieldErrors("phones[0].number"));
        Assert.NotEmpty(problem.FieldErrors("phones[1].type"));
        Assert.Equal(["Не похоже на адрес электронной почты"], problem.FieldErrors("emails[0].address"));
        Assert.NotEmpty(problem.FieldErrors("website"));
        Assert.NotEmpty(problem.FieldErrors("address"));
        Assert.NotEmpty(problem.FieldErrors("region"));
        Assert.Equal(["ИНН: 10 или 12 цифр"], problem.FieldErrors("taxId"));
        Assert.NotEmpty(problem.FieldErrors("notes"));

        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var english = await (await admin.PostCompanyAsync(new { name = " ", taxId = "12345678901", phones = new[] { new { number = "+7 (916) 12", type = "work" } } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Name must be 1 to 255 characters"], english.FieldErrors("name"));
        Assert.Equal(["Tax id (INN) must be 10 or 12 digits"], english.FieldErrors("taxId"));
        Assert.Equal(["This is not a valid phone number"], english.FieldErrors("phones[0].number"));

        var tooMany = await (await admin.PostCompanyAsync(new
        {
            name = "Много телефонов",
            phones = Enumerable.Range(0, 21).Select(_ => new { number = DirectoryKit.NewMobile(), type = "work" }).ToArray(),
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(tooMany.FieldErrors("phones"));

        // a twelve-digit ИНН and a plain http site are fine
        await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("ИП Петров"), taxId = DirectoryKit.NewTaxId() + "12", website = "http://petrov.example.com" });
    }

    [Fact]
    public async Task The_owner_edits_with_the_current_version_a_stale_one_gets_409_and_CompanyUpdated_is_published()
    {
        var (manager, managerId) = await app.UserAsync();
        var company = await manager.CreateCompanyAsync(new { name = DirectoryKit.Unique("Вектор") });
        var updated = await (await manager.PutAsync($"/api/directory/companies/{company.Id()}", new
        {
            name = "Вектор Плюс",
            phones = new[] { new { number = DirectoryKit.NewMobile(), type = "work" } },
            region = "Тверь",
            version = 1,
        })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Вектор Плюс", updated.Text("name"));
        Assert.Equal("Тверь", updated.Text("region"));
        Assert.Equal(2, updated.Version());
        Assert.Single(updated.GetProperty("phones").EnumerateArray());

        var stale = await (await manager.PutAsync($"/api/directory/companies/{company.Id()}", new { name = "Устаревшее", version = 1 }))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("изменил кто-то другой", stale.GetProperty("detail").GetString());
        Assert.Equal("Вектор Плюс", (await manager.CompanyAsync(company.Id())).Text("name"));

        var events = await app.DirectoryOutboxAsync("CompanyUpdated", company.Id());
        var single = Assert.Single(events);
        Assert.Equal("Вектор Плюс", single.GetProperty("company").Text("name"));
        Assert.Equal(2, single.GetProperty("company").Version());
        Assert.Equal(managerId, single.GetProperty("updatedBy").GetGuid());

        await (await manager.PutAsync($"/api/directory/companies/{Guid.NewGuid()}", new { name = "Нет такой", version = 1 }))
            .ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Managers_edit_only_their_own_supervisors_edit_all_everyone_reads()
    {
        var (owner, ownerId) = await app.UserAsync();
        var (other, otherId) = await app.UserAsync();
        var (head, _) = await app.UserAsync("HeadOfSales");
        var company = await owner.CreateCompanyAsync(new { name = DirectoryKit.Unique("Чужая") });

        await other.CompanyAsync(company.Id());
        await (await other.PutAsync($"/api/directory/companies/{company.Id()}", new { name = "Захват", version = 1 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await other.PostCompanyAsync(new { name = "На другого", responsibleId = ownerId })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.PutAsync($"/api/directory/companies/{company.Id()}", new { name = "Отдать", responsibleId = otherId, version = 1 }))
            .ProblemAsync(HttpStatusCode.Forbidden);

        var reassigned = await (await head.PutAsync($"/api/directory/companies/{company.Id()}", new { name = "Передана", responsibleId = otherId, version = 1 }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(otherId, reassigned.GetProperty("responsibleId").GetGuid());
        await (await other.PutAsync($"/api/directory/companies/{company.Id()}", new { name = "Теперь моя", version = 2 })).JsonAsync(HttpStatusCode.OK);

        var byHead = await head.CreateCompanyAsync(new { name = DirectoryKit.Unique("Для менеджера"), responsibleId = ownerId });
        Assert.Equal(ownerId, byHead.GetProperty("responsibleId").GetGuid());

        using var anonymous = app.Client();
        await (await anonymous.GetAsync($"/api/directory/companies/{company.Id()}")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Only_the_admin_deletes_a_deleted_company_is_gone_and_its_contacts_stay_without_it()
    {
        var (manager, _) = await app.UserAsync();
        using var admin = await app.SignedInAsync();
        var company = await manager.CreateCompanyAsync(new { name = DirectoryKit.Unique("Удаляемая") });
        var contact = await manager.CreateContactAsync(new { fullName = "Сотрудник Удаляемой", companyId = company.Id() });

        await (await manager.DeleteAsync($"/api/directory/companies/{company.Id()}")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/directory/companies/{company.Id()}")).StatusCode);
        await (await admin.GetAsync($"/api/directory/companies/{company.Id()}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/directory/companies/{company.Id()}")).ProblemAsync(HttpStatusCode.NotFound);

        var orphan = await manager.ContactAsync(contact.Id());
        Assert.Equal(JsonValueKind.Null, orphan.GetProperty("companyId").ValueKind);
        Assert.Equal(JsonValueKind.Null, orphan.GetProperty("companyName").ValueKind);
        var deleted = Assert.Single(await app.DirectoryOutboxAsync("CompanyDeleted", company.Id())).GetProperty("company");
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        // the contact left without its company: a new state of it
        var unlinked = Assert.Single(await app.DirectoryOutboxAsync("ContactUpdated", contact.Id(), "contact")).GetProperty("contact");
        Assert.Equal(JsonValueKind.Null, unlinked.GetProperty("companyId").ValueKind);

        var list = await (await admin.GetAsync($"/api/directory/companies?q={Uri.EscapeDataString(company.Text("name"))}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("total").GetInt64());
        await using var db = await app.OpenDatabaseAsync();
        Assert.NotNull(await db.ExecuteScalarAsync<DateTime?>("select deleted_at from directory.companies where id = @Id", new { Id = company.Id() }));
    }

    [Fact]
    public async Task The_list_pages_sorts_and_searches_by_name_phone_email_and_tax_id()
    {
        using var admin = await app.SignedInAsync();
        // a letter first: a query of digits alone is also a phone number's part
        var tag = "t" + Guid.NewGuid().ToString("N")[..6];
        var mobile = DirectoryKit.NewMobile();
        var taxId = DirectoryKit.NewTaxId();
        var b = await admin.CreateCompanyAsync(new { name = $"Бета {tag}", phones = new[] { new { number = mobile, type = "work" } }, taxId, region = "Омск" });
        var a = await admin.CreateCompanyAsync(new { name = $"Альфа {tag}", emails = new[] { new { address = $"sales-{tag}@alfa.ru", type = "work" } } });
        var c = await admin.CreateCompanyAsync(new { name = $"Ёлка {tag}" });
        await admin.CreateContactAsync(new { fullName = "Первый", companyId = a.Id() });
        await admin.CreateContactAsync(new { fullName = "Второй", companyId = a.Id() });

        var byName = await (await admin.GetAsync($"/api/directory/companies?q={tag}&pageSize=2")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, byName.GetProperty("total").GetInt64());
        Assert.Equal(2, byName.GetProperty("pageSize").GetInt32());
        Assert.Equal([$"Альфа {tag}", $"Бета {tag}"], byName.GetProperty("items").Strings("name"));
        var first = byName.GetProperty("items")[0];
        Assert.Equal(2, first.GetProperty("contactCount").GetInt32());
        Assert.Equal($"sales-{tag}@alfa.ru", first.Text("email"));
        var page2 = await (await admin.GetAsync($"/api/directory/companies?q={tag}&pageSize=2&page=2")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([$"Ёлка {tag}"], page2.GetProperty("items").Strings("name"));

        var desc = await (await admin.GetAsync($"/api/directory/companies?q={tag}&sort=-name")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([$"Ёлка {tag}", $"Бета {tag}", $"Альфа {tag}"], desc.GetProperty("items").Strings("name"));
        var newest = await (await admin.GetAsync($"/api/directory/companies?q={tag}&sort=-createdAt")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(c.Id(), newest.GetProperty("items")[0].Id());

        var byPhone = await (await admin.GetAsync($"/api/directory/companies?q={Uri.EscapeDataString($"8 ({mobile[..3]}) {mobile[3..6]}")}")).JsonAsync(HttpStatusCode.OK);
        var hit = Assert.Single(byPhone.GetProperty("items").EnumerateArray(), i => i.Id() == b.Id());
        Assert.StartsWith("+7 916", hit.Text("phone"));
        Assert.Equal("Омск", hit.Text("region"));
        // letters with the digits make a name: a tag with three digits was read as a phone and found other tests' companies
        var nameWithDigits = await (await admin.GetAsync($"/api/directory/companies?q={Uri.EscapeDataString($"Ромашка {mobile}")}")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(nameWithDigits.GetProperty("items").EnumerateArray(), i => i.Id() == b.Id());
        var byTaxId = await (await admin.GetAsync($"/api/directory/companies?q={taxId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([b.Id()], byTaxId.GetProperty("items").EnumerateArray().Select(i => i.Id()));
        var byEmail = await (await admin.GetAsync($"/api/directory/companies?q=SALES-{tag}@")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([a.Id()], byEmail.GetProperty("items").EnumerateArray().Select(i => i.Id()));
        var byYo = await (await admin.GetAsync($"/api/directory/companies?q=елка {tag}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([c.Id()], byYo.GetProperty("items").EnumerateArray().Select(i => i.Id()));

        var bad = await (await admin.GetAsync("/api/directory/companies?sort=color&pageSize=500&page=0")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(bad.FieldErrors("sort"));
        Assert.NotEmpty(bad.FieldErrors("pageSize"));
        Assert.NotEmpty(bad.FieldErrors("page"));
    }
}
