using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Crm.Tests.Integration.Tables;

namespace Crm.Tests.Integration.Directory;

/// <summary>
/// Tags on companies and contacts: SetRecordTags (the rights of a change, each list its own kind of tags, the
/// state events carrying them), the tables' <c>f.tags</c> (in, empty, !empty) against real records, the tags in
/// the rows, the cards and the export.
/// </summary>
public sealed class RecordTagsTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static async Task<Guid> TagAsync(CrmClient client, string kind, string name) =>
        (await (await client.PostAsync("/api/directory/tags", new { kind, name = $"{name} {Guid.NewGuid():N}"[..30] })).JsonAsync(HttpStatusCode.Created)).Id();

    private static List<Guid> TagIds(JsonElement json) => json.GetProperty("tags").EnumerateArray().Select(t => t.Id()).ToList();

    [Fact]
    public async Task A_manager_tags_their_company_and_contact_with_tags_of_their_kind_only_and_the_events_carry_them()
    {
        var (manager, _) = await app.UserAsync();
        var (colleague, _) = await app.UserAsync();
        var dealer = await TagAsync(manager, "company", "Дилер");
        var decider = await TagAsync(manager, "contact", "ЛПР");
        var company = await manager.CreateCompanyAsync(new { name = DirectoryKit.Unique("ООО Теги") });
        var contact = await manager.CreateContactAsync(new { fullName = DirectoryKit.Unique("Тегов Иван") });

        var set = await (await manager.PutAsync($"/api/directory/companies/{company.Id()}/tags", new { tagIds = new[] { dealer }, version = company.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal([dealer], TagIds(set));
        Assert.Equal(company.Version() + 1, set.Version());
        Assert.Equal([dealer], TagIds(await manager.CompanyAsync(company.Id())));
        var updated = (await app.DirectoryOutboxAsync("CompanyUpdated", company.Id()))[^1];
        Assert.Equal([dealer], updated.GetProperty("company").GetProperty("tagIds").EnumerateArray().Select(t => t.GetGuid()));

        await (await manager.PutAsync($"/api/directory/contacts/{contact.Id()}/tags", new { tagIds = new[] { dealer } })).ProblemAsync(HttpStatusCode.BadRequest);
        var tagged = await (await manager.PutAsync($"/api/directory/contacts/{contact.Id()}/tags", new { tagIds = new[] { decider } })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([decider], TagIds(await manager.ContactAsync(contact.Id())));
        var contactUpdated = (await app.DirectoryOutboxAsync("ContactUpdated", contact.Id(), "contact"))[^1];
        Assert.Equal(tagged.Version(), contactUpdated.GetProperty("contact").GetProperty("version").GetInt32());
        Assert.Equal([decider], contactUpdated.GetProperty("contact").GetProperty("tagIds").EnumerateArray().Select(t => t.GetGuid()));

        await (await colleague.PutAsync($"/api/directory/companies/{company.Id()}/tags", new { tagIds = Array.Empty<Guid>() })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await colleague.PutAsync($"/api/directory/contacts/{contact.Id()}/tags", new { tagIds = Array.Empty<Guid>() })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await manager.PutAsync($"/api/directory/companies/{company.Id()}/tags", new { tagIds = new[] { dealer }, version = company.Version() }))
            .ProblemAsync(HttpStatusCode.Conflict);
        await (await manager.PutAsync($"/api/directory/companies/{Guid.NewGuid()}/tags", new { tagIds = new[] { dealer } })).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_companies_and_contacts_tables_filter_by_tags_in_empty_and_not_empty_and_export_them()
    {
        var (head, _) = await app.UserAsync("HeadOfSales");
        var tag = DirectoryKit.Unique("Тегтаб");
        var wholesale = await TagAsync(head, "company", "Опт");
        var retail = await TagAsync(head, "company", "Розница");
        var loyal = await TagAsync(head, "contact", "Лояльный");
        async Task<Guid> CompanyAsync(string name, params Guid[] tags)
        {
            var id = (await head.CreateCompanyAsync(new { name = $"{tag} {name}" })).Id();
            await (await head.PutAsync($"/api/directory/companies/{id}/tags", new { tagIds = tags })).JsonAsync(HttpStatusCode.OK);
            return id;
        }
        await CompanyAsync("Альфа", wholesale);
        await CompanyAsync("Бета", retail, wholesale);
        await CompanyAsync("Гамма");
        var kept = (await head.CreateContactAsync(new { fullName = $"{tag} Верный" })).Id();
        await (await head.PutAsync($"/api/directory/contacts/{kept}/tags", new { tagIds = new[] { loyal } })).JsonAsync(HttpStatusCode.OK);
        await head.CreateContactAsync(new { fullName = $"{tag} Новый" });
        async Task<List<string>> NamesAsync(string table, string filter)
        {
            var name = table == "companies" ? "name" : "fullName";
            var page = await (await head.GetAsync($"/api/directory/{table}?q={Uri.EscapeDataString(tag)}&sort={name}&f.tags={Uri.EscapeDataString(filter)}"))
                .JsonAsync(HttpStatusCode.OK);
            return page.GetProperty("items").EnumerateArray().Select(i => i.Text(name)[(tag.Length + 1)..]).ToList();
        }

        Assert.Equal(["Альфа", "Бета"], await NamesAsync("companies", $"in:{wholesale}"));
        Assert.Equal(["Бета"], await NamesAsync("companies", $"in:{retail}"));
        Assert.Equal(["Гамма"], await NamesAsync("companies", "empty"));
        Assert.Equal(["Альфа", "Бета"], await NamesAsync("companies", "!empty"));
        Assert.Equal(["Верный"], await NamesAsync("contacts", $"in:{loyal},{wholesale}"));
        Assert.Equal(["Новый"], await NamesAsync("contacts", "empty"));
        Assert.Equal(["Верный"], await NamesAsync("contacts", "!empty"));

        var page = await (await head.GetAsync($"/api/directory/companies?q={Uri.EscapeDataString(tag)}&sort=name&f.tags=in:{retail}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([retail, wholesale], TagIds(page.GetProperty("items")[0]));

        var rows = ExportFiles.Csv(await (await head.GetAsync(
            $"/api/directory/export?table=companies&q={Uri.EscapeDataString(tag)}&sort=name&f.tags=!empty&format=csv&cols=name,tags")).DownloadAsync("text/csv"), ',');
        Assert.Equal(["Название", "Теги"], rows[0]);
        Assert.Equal(2, rows.Count - 1);
        Assert.Equal(2, rows[2][1].Split(", ").Length);
        Assert.StartsWith("Розница", rows[2][1]);
    }
}
