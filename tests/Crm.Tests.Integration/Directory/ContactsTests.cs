using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Directory;

/// <summary>CreateContact, GetContact, UpdateContact, DeleteContact, ListContacts: the company link, bad input, rights, versions, events.</summary>
public sealed class ContactsTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_contact_in_a_company_with_phones_emails_and_messengers_shows_on_the_company_card()
    {
        var (manager, managerId) = await app.UserAsync();
        var company = await manager.CreateCompanyAsync(new { name = DirectoryKit.Unique("ООО «Ромашка»") });
        var mobile = DirectoryKit.NewMobile();
        var contact = await manager.CreateContactAsync(new
        {
            fullName = "Иванов Пётр",
            position = "Закупщик",
            phones = new[] { new { number = $"+7 ({mobile[..3]}) {mobile[3..6]} {mobile[6..8]} {mobile[8..]}", type = "mobile" } },
            emails = new[] { new { address = "Petr@Romashka.ru", type = "work" } },
            messengers = new[] { new { kind = "telegram", handle = " @petr " } },
            companyId = company.Id(),
        });
        Assert.Equal("Иванов Пётр", contact.Text("fullName"));
        Assert.Equal("Закупщик", contact.Text("position"));
        Assert.Equal($"+7{mobile}", contact.GetProperty("phones")[0].Text("number"));
        Assert.Equal("petr@romashka.ru", contact.GetProperty("emails")[0].Text("address"));
        Assert.Equal("@petr", contact.GetProperty("messengers")[0].Text("handle"));
        Assert.Equal("telegram", contact.GetProperty("messengers")[0].Text("kind"));
        Assert.Equal(company.Id(), contact.GetProperty("companyId").GetGuid());
        Assert.Equal(company.Text("name"), contact.Text("companyName"));
        Assert.Equal(managerId, contact.GetProperty("responsibleId").GetGuid());

        var card = await manager.CompanyAsync(company.Id());
        var listed = Assert.Single(card.GetProperty("contacts").EnumerateArray());
        Assert.Equal(contact.Id(), listed.Id());
        Assert.Equal("Закупщик", listed.Text("position"));
        Assert.Equal("petr@romashka.ru", listed.Text("email"));
        Assert.StartsWith("+7 916", listed.Text("phone"));

        var created = Assert.Single(await app.DirectoryOutboxAsync("ContactCreated", contact.Id(), "contact")).GetProperty("contact");
        Assert.Equal(company.Id(), created.GetProperty("companyId").GetGuid());
        Assert.Equal("Иванов Пётр", created.Text("fullName"));
        Assert.Equal(1, created.Version());

        var ofCompany = await (await manager.GetAsync($"/api/directory/contacts?companyId={company.Id()}")).JsonAsync(HttpStatusCode.OK);
        var item = Assert.Single(ofCompany.GetProperty("items").EnumerateArray());
        Assert.Equal(company.Text("name"), item.Text("companyName"));
        Assert.Equal("petr@romashka.ru", item.Text("email"));
    }

    [Fact]
    public async Task An_unknown_or_deleted_company_and_bad_fields_are_refused()
    {
        using var admin = await app.SignedInAsync();
        var unknown = await (await admin.PostAsync("/api/directory/contacts", new { fullName = "Без компании", companyId = Guid.NewGuid() }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Такой компании нет"], unknown.FieldErrors("companyId"));

        var company = await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Закрытая") });
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/directory/companies/{company.Id()}")).StatusCode);
        var deleted = await (await admin.PostAsync("/api/directory/contacts", new { fullName = "В удалённой", companyId = company.Id() }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Компания удалена"], deleted.FieldErrors("companyId"));

        var bad = await (await admin.PostAsync("/api/directory/contacts", new
        {
            fullName = "",
            position = new string('p', 256),
            phones = new[] { new { number = "+1 555", type = "mobile" } },
            emails = new[] { new { address = "petr@", type = "work" } },
            messengers = new[] { new { kind = "icq", handle = "" } },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(bad.FieldErrors("fullName"));
        Assert.NotEmpty(bad.FieldErrors("position"));
        Assert.NotEmpty(bad.FieldErrors("phones[0].number"));
        Assert.NotEmpty(bad.FieldErrors("emails[0].address"));
        Assert.NotEmpty(bad.FieldErrors("messengers[0].kind"));
        Assert.NotEmpty(bad.FieldErrors("messengers[0].handle"));
    }

    [Fact]
    public async Task The_owner_moves_a_contact_to_another_company_a_stale_version_gets_409_others_get_403()
    {
        var (owner, ownerId) = await app.UserAsync();
        var (other, _) = await app.UserAsync();
        using var admin = await app.SignedInAsync();
        var first = await owner.CreateCompanyAsync(new { name = DirectoryKit.Unique("Первая") });
        var second = await owner.CreateCompanyAsync(new { name = DirectoryKit.Unique("Вторая") });
        var contact = await owner.CreateContactAsync(new { fullName = "Сидоров Иван", companyId = first.Id() });

        var moved = await (await owner.PutAsync($"/api/directory/contacts/{contact.Id()}", new { fullName = "Сидоров Иван Петрович", companyId = second.Id(), version = 1 }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(second.Id(), moved.GetProperty("companyId").GetGuid());
        Assert.Equal(second.Text("name"), moved.Text("companyName"));
        Assert.Equal(2, moved.Version());
        var updated = Assert.Single(await app.DirectoryOutboxAsync("ContactUpdated", contact.Id(), "contact"));
        Assert.Equal(second.Id(), updated.GetProperty("contact").GetProperty("companyId").GetGuid());
        Assert.Equal(2, updated.GetProperty("contact").Version());
        Assert.Equal(ownerId, updated.GetProperty("updatedBy").GetGuid());

        await (await owner.PutAsync($"/api/directory/contacts/{contact.Id()}", new { fullName = "Старое", version = 1 })).ProblemAsync(HttpStatusCode.Conflict);
        await (await other.PutAsync($"/api/directory/contacts/{contact.Id()}", new { fullName = "Чужое", version = 2 })).ProblemAsync(HttpStatusCode.Forbidden);
        var left = await (await owner.PutAsync($"/api/directory/contacts/{contact.Id()}", new { fullName = "Без компании", version = 2 })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, left.GetProperty("companyId").ValueKind);

        await (await owner.DeleteAsync($"/api/directory/contacts/{contact.Id()}")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/directory/contacts/{contact.Id()}")).StatusCode);
        await (await owner.GetAsync($"/api/directory/contacts/{contact.Id()}")).ProblemAsync(HttpStatusCode.NotFound);
        var deleted = Assert.Single(await app.DirectoryOutboxAsync("ContactDeleted", contact.Id(), "contact")).GetProperty("contact");
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.Equal(4, deleted.Version());
    }

    [Fact]
    public async Task The_list_searches_contacts_by_name_phone_and_email_and_sorts_by_full_name()
    {
        using var admin = await app.SignedInAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var mobile = DirectoryKit.NewMobile();
        var yo = await admin.CreateContactAsync(new { fullName = $"Фёдоров {tag}", phones = new[] { new { number = mobile, type = "mobile" } } });
        var a = await admin.CreateContactAsync(new { fullName = $"Абрамов {tag}", emails = new[] { new { address = $"abr-{tag}@mail.ru", type = "work" } } });

        var all = await (await admin.GetAsync($"/api/directory/contacts?q={tag}&sort=-fullName")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([$"Фёдоров {tag}", $"Абрамов {tag}"], all.GetProperty("items").Strings("fullName"));
        var byYo = await (await admin.GetAsync($"/api/directory/contacts?q=федоров {tag}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([yo.Id()], byYo.GetProperty("items").EnumerateArray().Select(i => i.Id()));
        var byPhone = await (await admin.GetAsync($"/api/directory/contacts?q={mobile[3..]}")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(yo.Id(), byPhone.GetProperty("items").EnumerateArray().Select(i => i.Id()));
        var byEmail = await (await admin.GetAsync($"/api/directory/contacts?q=abr-{tag}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([a.Id()], byEmail.GetProperty("items").EnumerateArray().Select(i => i.Id()));
        await (await admin.GetAsync("/api/directory/contacts?sort=name")).ProblemAsync(HttpStatusCode.BadRequest);
    }
}
