using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Directory;

/// <summary>MergeCompanies and MergeContacts: what the survivor keeps and takes, contacts moving, events, refusals.</summary>
public sealed class MergeTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task Merging_companies_moves_the_contacts_unions_phones_and_emails_fills_empty_fields_and_publishes_CompanyMerged()
    {
        using var admin = await app.SignedInAsync();
        var adminId = (await (await admin.GetAsync("/api/identity/me")).JsonAsync(HttpStatusCode.OK)).Id();
        var shared = DirectoryKit.NewMobile();
        var onlyMerged = DirectoryKit.NewMobile();
        var survivor = await admin.CreateCompanyAsync(new
        {
            name = DirectoryKit.Unique("Ромашка"),
            phones = new[] { new { number = shared, type = "work" } },
            region = "Москва",
        });
        var merged = await admin.CreateCompanyAsync(new
        {
            name = DirectoryKit.Unique("Ромашка (дубль)"),
            phones = new[] { new { number = "8" + shared, type = "fax" }, new { number = onlyMerged, type = "mobile" } },
            emails = new[] { new { address = "info@romashka.ru", type = "work" } },
            region = "Тверь",
            website = "https://romashka.ru",
            confirmDuplicate = true,
        });
        var movedContact = await admin.CreateContactAsync(new { fullName = "Переезжающий", companyId = merged.Id() });
        var staying = await admin.CreateContactAsync(new { fullName = "Старожил", companyId = survivor.Id() });

        var result = await (await admin.PostAsync($"/api/directory/companies/{survivor.Id()}/merge", new { mergeId = merged.Id() })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(survivor.Text("name"), result.Text("name"));
        Assert.Equal("Москва", result.Text("region"));
        Assert.Equal("https://romashka.ru", result.Text("website"));
        Assert.Equal([$"+7{shared}", $"+7{onlyMerged}"], result.GetProperty("phones").Strings("number"));
        Assert.Equal("work", result.GetProperty("phones")[0].Text("type"));
        Assert.Equal(["info@romashka.ru"], result.GetProperty("emails").Strings("address"));
        Assert.Equal(2, result.Version());
        Assert.Equal(new[] { movedContact.Id(), staying.Id() }.Order(), result.GetProperty("contacts").EnumerateArray().Select(c => c.Id()).Order());
        var moved = await admin.ContactAsync(movedContact.Id());
        Assert.Equal(survivor.Id(), moved.GetProperty("companyId").GetGuid());
        Assert.Equal(survivor.Text("name"), moved.Text("companyName"));

        await (await admin.GetAsync($"/api/directory/companies/{merged.Id()}")).ProblemAsync(HttpStatusCode.NotFound);
        await using (var db = await app.OpenDatabaseAsync())
        {
            Assert.Equal(survivor.Id(), await db.ExecuteScalarAsync<Guid?>("select merged_into from directory.companies where id = @Id", new { Id = merged.Id() }));
        }
        var e = Assert.Single(await app.DirectoryOutboxAsync("CompanyMerged", merged.Id()));
        Assert.Equal(survivor.Id(), e.GetProperty("company").GetProperty("mergedInto").GetGuid());
        Assert.True(e.GetProperty("company").GetProperty("deleted").GetBoolean());
        Assert.Equal(survivor.Text("name"), e.GetProperty("survivor").Text("name"));
        Assert.Equal(survivor.Id(), e.GetProperty("survivor").GetProperty("companyId").GetGuid());
        Assert.Equal(adminId, e.GetProperty("mergedBy").GetGuid());

        // the merged company's phone now finds the survivor, and only it
        var suggestions = await admin.SuggestAsync(onlyMerged, kind: "company", limit: 20);
        Assert.Equal([survivor.Id()], suggestions.Select(s => s.Id()));
    }

    [Fact]
    public async Task Merging_contacts_takes_the_missing_company_position_and_channels_and_publishes_ContactMerged()
    {
        using var admin = await app.SignedInAsync();
        var company = await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Вектор") });
        var survivor = await admin.CreateContactAsync(new
        {
            fullName = "Петров Иван",
            emails = new[] { new { address = "ivan@vector.ru", type = "work" } },
            messengers = new[] { new { kind = "telegram", handle = "@ivan" } },
        });
        var merged = await admin.CreateContactAsync(new
        {
            fullName = "Иван Петров",
            position = "Директор",
            companyId = company.Id(),
            phones = new[] { new { number = DirectoryKit.NewMobile(), type = "mobile" } },
            emails = new[] { new { address = "IVAN@vector.ru", type = "personal" } },
            messengers = new[] { new { kind = "telegram", handle = "@IVAN" }, new { kind = "whatsapp", handle = "+79161234567" } },
            confirmDuplicate = true,
        });

        var result = await (await admin.PostAsync($"/api/directory/contacts/{survivor.Id()}/merge", new { mergeId = merged.Id() })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Петров Иван", result.Text("fullName"));
        Assert.Equal("Директор", result.Text("position"));
        Assert.Equal(company.Id(), result.GetProperty("companyId").GetGuid());
        Assert.Single(result.GetProperty("phones").EnumerateArray());
        Assert.Equal(["ivan@vector.ru"], result.GetProperty("emails").Strings("address"));
        Assert.Equal(["telegram", "whatsapp"], result.GetProperty("messengers").Strings("kind"));
        await (await admin.GetAsync($"/api/directory/contacts/{merged.Id()}")).ProblemAsync(HttpStatusCode.NotFound);

        var e = Assert.Single(await app.DirectoryOutboxAsync("ContactMerged", merged.Id(), "contact"));
        Assert.Equal(survivor.Id(), e.GetProperty("contact").GetProperty("mergedInto").GetGuid());
        Assert.Equal("Петров Иван", e.GetProperty("survivor").Text("fullName"));
        // the survivor took the merged one's company: its state after the merge says so
        Assert.Equal(company.Id(), e.GetProperty("survivor").GetProperty("companyId").GetGuid());

        // merged away, it cannot be merged again
        var again = await (await admin.PostAsync($"/api/directory/contacts/{survivor.Id()}/merge", new { mergeId = merged.Id() })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(again.FieldErrors("mergeId"));
    }

    [Fact]
    public async Task Merging_into_itself_a_deleted_record_or_as_a_manager_is_refused()
    {
        using var admin = await app.SignedInAsync();
        var (manager, _) = await app.UserAsync();
        var company = await manager.CreateCompanyAsync(new { name = DirectoryKit.Unique("Своя") });
        var other = await manager.CreateCompanyAsync(new { name = DirectoryKit.Unique("Другая") });

        await (await manager.PostAsync($"/api/directory/companies/{company.Id()}/merge", new { mergeId = other.Id() })).ProblemAsync(HttpStatusCode.Forbidden);
        var self = await (await admin.PostAsync($"/api/directory/companies/{company.Id()}/merge", new { mergeId = company.Id() })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Нельзя объединить компанию с самой собой"], self.FieldErrors("mergeId"));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/directory/companies/{other.Id()}")).StatusCode);
        var deleted = await (await admin.PostAsync($"/api/directory/companies/{company.Id()}/merge", new { mergeId = other.Id() })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(deleted.FieldErrors("mergeId"));
        await (await admin.PostAsync($"/api/directory/companies/{other.Id()}/merge", new { mergeId = company.Id() })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, (await admin.CompanyAsync(company.Id())).Version());
    }
}
