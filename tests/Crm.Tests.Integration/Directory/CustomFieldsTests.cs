using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Directory;

/// <summary>The custom fields of companies and contacts: the admin defines them, everyone reads them, values are checked by type.</summary>
public sealed class CustomFieldsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static async Task<JsonElement> FieldAsync(CrmClient client, string entity, string name, string type, string[]? options = null) =>
        await (await client.PostAsync("/api/directory/custom-fields", new { entity, name, type, options })).JsonAsync(HttpStatusCode.Created);

    [Fact]
    public async Task The_admin_defines_fields_per_entity_values_are_checked_and_removing_a_field_removes_its_values()
    {
        using var admin = await app.SignedInAsync();
        var (manager, _) = await app.UserAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var size = await FieldAsync(admin, "company", $"Размер {tag}", "select", ["малый", "крупный"]);
        var employees = await FieldAsync(admin, "company", $"Сотрудников {tag}", "number");
        var birthday = await FieldAsync(admin, "contact", $"День рождения {tag}", "date");
        Assert.Equal("company", size.Text("entity"));
        Assert.Equal(size.GetProperty("position").GetInt32() + 1, employees.GetProperty("position").GetInt32());

        var forCompanies = (await (await manager.GetAsync("/api/directory/custom-fields?entity=company")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Contains(forCompanies, f => f.Id() == size.Id());
        Assert.DoesNotContain(forCompanies, f => f.Id() == birthday.Id());
        await (await manager.PostAsync("/api/directory/custom-fields", new { entity = "company", name = "Хак", type = "text" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.PutAsync($"/api/directory/custom-fields/{size.Id()}", new { name = "Хак", position = 0, version = 1 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.DeleteAsync($"/api/directory/custom-fields/{size.Id()}")).ProblemAsync(HttpStatusCode.Forbidden);
        var (head, _) = await app.UserAsync("HeadOfSales");
        await (await head.PostAsync("/api/directory/custom-fields", new { entity = "contact", name = "Хак", type = "text" })).ProblemAsync(HttpStatusCode.Forbidden);

        var company = await manager.CreateCompanyAsync(new
        {
            name = DirectoryKit.Unique("С полями"),
            customFields = new Dictionary<string, object> { [size.Id().ToString()] = "крупный", [employees.Id().ToString()] = 120 },
        });
        Assert.Equal("крупный", company.GetProperty("customFields").GetProperty(size.Id().ToString()).GetString());

        var wrongOption = await (await manager.PostCompanyAsync(new
        {
            name = "Неверный вариант",
            customFields = new Dictionary<string, object> { [size.Id().ToString()] = "средний" },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Выберите один из вариантов"], wrongOption.FieldErrors($"customFields.{size.Id()}"));
        var contactsField = await (await manager.PostCompanyAsync(new
        {
            name = "Поле контакта",
            customFields = new Dictionary<string, object> { [birthday.Id().ToString()] = "2000-01-01" },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Такого поля нет"], contactsField.FieldErrors($"customFields.{birthday.Id()}"));

        var contact = await manager.CreateContactAsync(new
        {
            fullName = "С днём рождения",
            customFields = new Dictionary<string, object> { [birthday.Id().ToString()] = "1990-05-17" },
        });
        Assert.Equal("1990-05-17", contact.GetProperty("customFields").GetProperty(birthday.Id().ToString()).GetString());
        await (await manager.PostAsync("/api/directory/contacts", new
        {
            fullName = "Плохая дата",
            customFields = new Dictionary<string, object> { [birthday.Id().ToString()] = "17.05.1990" },
        })).ProblemAsync(HttpStatusCode.BadRequest);

        var renamed = await (await admin.PutAsync($"/api/directory/custom-fields/{employees.Id()}", new { name = $"Штат {tag}", position = 0, version = 1 }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, renamed.GetProperty("position").GetInt32());
        await (await admin.PutAsync($"/api/directory/custom-fields/{employees.Id()}", new { name = "Старое", position = 0, version = 1 }))
            .ProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsync("/api/directory/custom-fields", new { entity = "company", name = $"ШТАТ {tag}", type = "text" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsync("/api/directory/custom-fields", new { entity = "deal", name = "Поле", type = "text" }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/directory/custom-fields/{size.Id()}")).StatusCode);
        var after = await manager.CompanyAsync(company.Id());
        Assert.False(after.GetProperty("customFields").TryGetProperty(size.Id().ToString(), out _));
        Assert.Equal(120, after.GetProperty("customFields").GetProperty(employees.Id().ToString()).GetInt32());
    }
}
