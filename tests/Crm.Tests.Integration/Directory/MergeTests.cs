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

    private static async Task<Guid> TagAsync(CrmClient client, string kind, string name) =>
        (await (await client.PostAsync("/api/directory/tags", new { kind, name = $"{name} {Guid.NewGuid():N}"[..30] })).JsonAsync(HttpStatusCode.Created)).Id();

    private static List<Guid> TagIds(JsonElement record) => record.GetProperty("tags").EnumerateArray().Select(t => t.Id()).ToList();

    private static List<Guid> StateTagIds(JsonElement state) => state.GetProperty("tagIds").EnumerateArray().Select(t => t.GetGuid()).ToList();

    [Fact]
    public async Task Merging_companies_gives_the_survivor_both_tags_its_own_first_then_the_others_new_ones_and_CompanyMerged_carries_them()
    {
        using var admin = await app.SignedInAsync();
        var dealer = await TagAsync(admin, "company", "Дилер");
        var wholesale = await TagAsync(admin, "company", "Опт");
        var key = await TagAsync(admin, "company", "Ключевой");
        var north = await TagAsync(admin, "company", "Север");
        var survivor = await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Тегированная") });
        var merged = await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Тегированная (дубль)") });
        await (await admin.PutAsync($"/api/directory/companies/{survivor.Id()}/tags", new { tagIds = new[] { wholesale, dealer } })).JsonAsync(HttpStatusCode.OK);
        await (await admin.PutAsync($"/api/directory/companies/{merged.Id()}/tags", new { tagIds = new[] { north, dealer, key } })).JsonAsync(HttpStatusCode.OK);

        var result = await (await admin.PostAsync($"/api/directory/companies/{survivor.Id()}/merge", new { mergeId = merged.Id() })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal([wholesale, dealer, north, key], TagIds(result));
        Assert.Equal([wholesale, dealer, north, key], TagIds(await admin.CompanyAsync(survivor.Id())));
        var e = Assert.Single(await app.DirectoryOutboxAsync("CompanyMerged", merged.Id()));
        Assert.Equal([wholesale, dealer, north, key], StateTagIds(e.GetProperty("survivor")));
        Assert.Equal(result.Version(), e.GetProperty("survivor").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Merging_contacts_unions_their_tags_up_to_the_limit_of_20_and_ContactMerged_carries_them()
    {
        using var admin = await app.SignedInAsync();
        var tags = new List<Guid>();
        for (var i = 0; i < 25; i++)
        {
            tags.Add(await TagAsync(admin, "contact", $"Т{i:00}"));
        }
        // the survivor has 15, the merged one 2 of those and 8 more: 15 + the first 5 of its own that are new
        var survivorTags = tags[..15];
        var mergedTags = new[] { tags[20], tags[3], tags[15], tags[16], tags[7], tags[17], tags[18], tags[19], tags[21], tags[22] };
        var survivor = await admin.CreateContactAsync(new { fullName = DirectoryKit.Unique("Тегов Пётр") });
        var merged = await admin.CreateContactAsync(new { fullName = DirectoryKit.Unique("Пётр Тегов") });
        await (await admin.PutAsync($"/api/directory/contacts/{survivor.Id()}/tags", new { tagIds = survivorTags })).JsonAsync(HttpStatusCode.OK);
        await (await admin.PutAsync($"/api/directory/contacts/{merged.Id()}/tags", new { tagIds = mergedTags })).JsonAsync(HttpStatusCode.OK);

        var result = await (await admin.PostAsync($"/api/directory/contacts/{survivor.Id()}/merge", new { mergeId = merged.Id() })).JsonAsync(HttpStatusCode.OK);

        List<Guid> expected = [.. survivorTags, tags[20], tags[15], tags[16], tags[17], tags[18]];
        Assert.Equal(expected, TagIds(result));
        var e = Assert.Single(await app.DirectoryOutboxAsync("ContactMerged", merged.Id(), "contact"));
        Assert.Equal(expected, StateTagIds(e.GetProperty("survivor")));
        // a survivor without tags takes the merged one's as they were
        var bare = await admin.CreateContactAsync(new { fullName = DirectoryKit.Unique("Бестегов") });
        var other = await admin.CreateContactAsync(new { fullName = DirectoryKit.Unique("Бестегов дубль") });
        await (await admin.PutAsync($"/api/directory/contacts/{other.Id()}/tags", new { tagIds = new[] { tags[24], tags[23] } })).JsonAsync(HttpStatusCode.OK);
        var took = await (await admin.PostAsync($"/api/directory/contacts/{bare.Id()}/merge", new { mergeId = other.Id() })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([tags[24], tags[23]], TagIds(took));
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
