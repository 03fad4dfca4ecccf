using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Directory;

/// <summary>A phone (in any format), e-mail or tax id that a record already has: 409 with the look-alikes, unless confirmed.</summary>
public sealed class DuplicatesTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static async Task<JsonElement> DuplicatesAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Возможный дубль", problem.Text("title"));
        return problem.GetProperty("duplicates");
    }

    [Theory]
    [InlineData("8 {0} {1}-{2}-{3}")]
    [InlineData("+7 ({0}) {1} {2} {3}")]
    [InlineData("{0}{1}{2}{3}")]
    [InlineData("8({0}){1}{2}{3}")]
    public async Task A_contact_phone_typed_in_another_format_is_a_duplicate(string format)
    {
        using var admin = await app.SignedInAsync();
        var mobile = DirectoryKit.NewMobile();
        var existing = await admin.CreateContactAsync(new { fullName = "Иванов Пётр", phones = new[] { new { number = $"+7{mobile}", type = "mobile" } } });

        var typed = string.Format(format, mobile[..3], mobile[3..6], mobile[6..8], mobile[8..]);
        var duplicates = await DuplicatesAsync(await admin.PostAsync("/api/directory/contacts",
            new { fullName = "Пётр Иванов", phones = new[] { new { number = typed, type = "work" } } }));
        var duplicate = Assert.Single(duplicates.EnumerateArray());
        Assert.Equal("contact", duplicate.Text("kind"));
        Assert.Equal(existing.Id(), duplicate.Id());
        Assert.Equal("Иванов Пётр", duplicate.Text("name"));
        Assert.Equal("phone", duplicate.Text("matchedOn"));
        Assert.Equal($"+7 {mobile[..3]} {mobile[3..6]}-{mobile[6..8]}-{mobile[8..]}", duplicate.Text("value"));

        var confirmed = await admin.CreateContactAsync(new { fullName = "Пётр Иванов", phones = new[] { new { number = typed, type = "work" } }, confirmDuplicate = true });
        Assert.Equal($"+7{mobile}", confirmed.GetProperty("phones")[0].Text("number"));
    }

    [Fact]
    public async Task Company_email_in_another_case_and_tax_id_are_duplicates_and_so_is_an_edit_that_takes_them()
    {
        using var admin = await app.SignedInAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var taxId = DirectoryKit.NewTaxId();
        var existing = await admin.CreateCompanyAsync(new { name = "Ромашка", emails = new[] { new { address = $"info-{tag}@romashka.ru", type = "work" } }, taxId });

        var byEmail = await DuplicatesAsync(await admin.PostCompanyAsync(new { name = "Ромашка 2", emails = new[] { new { address = $"INFO-{tag}@Romashka.RU", type = "work" } } }));
        Assert.Equal("email", Assert.Single(byEmail.EnumerateArray()).Text("matchedOn"));
        var byTaxId = await DuplicatesAsync(await admin.PostCompanyAsync(new { name = "Ромашка 3", taxId }));
        var hit = Assert.Single(byTaxId.EnumerateArray());
        Assert.Equal("taxId", hit.Text("matchedOn"));
        Assert.Equal(taxId, hit.Text("value"));
        Assert.Equal(existing.Id(), hit.Id());

        // the record itself is no duplicate of itself; another record taking its tax id is
        await (await admin.PutAsync($"/api/directory/companies/{existing.Id()}", new { name = "Ромашка", taxId, emails = new[] { new { address = $"info-{tag}@romashka.ru", type = "work" } }, version = 1 }))
            .JsonAsync(HttpStatusCode.OK);
        var other = await admin.CreateCompanyAsync(new { name = "Другая" });
        await DuplicatesAsync(await admin.PutAsync($"/api/directory/companies/{other.Id()}", new { name = "Другая", taxId, version = 1 }));
        var saved = await (await admin.PutAsync($"/api/directory/companies/{other.Id()}", new { name = "Другая", taxId, version = 1, confirmDuplicate = true }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(taxId, saved.Text("taxId"));

        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var english = await (await admin.PostCompanyAsync(new { name = "Ромашка 4", taxId })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Possible duplicate", english.Text("title"));
        Assert.Equal(2, english.GetProperty("duplicates").GetArrayLength());
    }

    [Fact]
    public async Task A_deleted_record_is_no_longer_a_duplicate()
    {
        using var admin = await app.SignedInAsync();
        var mobile = DirectoryKit.NewMobile();
        var gone = await admin.CreateContactAsync(new { fullName = "Ушедший", phones = new[] { new { number = mobile, type = "mobile" } } });
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/directory/contacts/{gone.Id()}")).StatusCode);
        await admin.CreateContactAsync(new { fullName = "Пришедший", phones = new[] { new { number = "8" + mobile, type = "mobile" } } });
    }
}
