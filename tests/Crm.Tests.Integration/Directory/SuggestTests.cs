using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;

namespace Crm.Tests.Integration.Directory;

/// <summary>Suggest: names (Cyrillic, Latin, "ё" = "е", any case), e-mails, phones in any format, kinds, limit, order.</summary>
public sealed class SuggestTests(CrmApp app) : IClassFixture<CrmApp>
{
    private const string Cyrillic = "абвгдежзиклмнопрстуфхцчшщэюя";

    /// <summary>A word of six Cyrillic letters nobody else in this database has.</summary>
    private static string CyrillicWord() => new(Enumerable.Range(0, 6).Select(_ => Cyrillic[Random.Shared.Next(Cyrillic.Length)]).ToArray());

    private static string LatinWord() => "x" + Guid.NewGuid().ToString("N")[..7];

    [Fact]
    public async Task Names_match_by_any_case_substring_in_Cyrillic_and_Latin_with_ё_as_е_prefixes_first()
    {
        using var admin = await app.SignedInAsync();
        var word = CyrillicWord();
        var inside = await admin.CreateContactAsync(new { fullName = $"Пётр Ёлкин-{word}ёв" });
        var starts = await admin.CreateContactAsync(new { fullName = $"{word}ин Артём" });
        var latin = await admin.CreateCompanyAsync(new { name = $"Shina Service {word}" });

        var byWord = await admin.SuggestAsync(word.ToUpperInvariant());
        // the start of a name first, then names containing it (by folded name: Latin before Cyrillic)
        Assert.Equal([starts.Id(), latin.Id(), inside.Id()], byWord.Select(s => s.Id()));
        Assert.All(byWord, s => Assert.Equal("name", s.Text("matchedOn")));
        Assert.Equal(["contact", "company", "contact"], byWord.Select(s => s.Text("kind")));
        Assert.Equal(JsonValueKind.Null, byWord[1].GetProperty("companyId").ValueKind);

        Assert.Equal([inside.Id()], (await admin.SuggestAsync($"ёлкин-{word}ев")).Select(s => s.Id()));
        Assert.Equal([inside.Id()], (await admin.SuggestAsync($"елкин-{word}ЁВ")).Select(s => s.Id()));
        Assert.Equal([starts.Id()], (await admin.SuggestAsync($"{word}ин артем")).Select(s => s.Id()));
        Assert.Equal([latin.Id()], (await admin.SuggestAsync($"service {word}")).Select(s => s.Id()));
        Assert.Contains(await admin.SuggestAsync("SHINA SERV", kind: "company", limit: 20), s => s.Id() == latin.Id());

        Assert.Equal([latin.Id()], (await admin.SuggestAsync(word, kind: "company")).Select(s => s.Id()));
        Assert.Equal([starts.Id(), inside.Id()], (await admin.SuggestAsync(word, kind: "contact")).Select(s => s.Id()));
        Assert.Equal([starts.Id()], (await admin.SuggestAsync(word, limit: 1)).Select(s => s.Id()));
    }

    [Fact]
    public async Task Emails_and_phones_in_any_format_are_found_with_what_matched()
    {
        using var admin = await app.SignedInAsync();
        var mail = LatinWord();
        var mobile = DirectoryKit.NewMobile();
        var company = await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Ромашка") });
        var contact = await admin.CreateContactAsync(new
        {
            fullName = "Смирнова Анна",
            companyId = company.Id(),
            phones = new[] { new { number = $"+7{mobile}", type = "mobile" } },
            emails = new[] { new { address = $"{mail}@romashka.ru", type = "work" } },
        });

        var byEmail = Assert.Single(await admin.SuggestAsync($"{mail.ToUpperInvariant()}@ROM"));
        Assert.Equal(contact.Id(), byEmail.Id());
        Assert.Equal("email", byEmail.Text("matchedOn"));
        Assert.Equal("Смирнова Анна", byEmail.Text("name"));
        Assert.Equal(company.Id(), byEmail.GetProperty("companyId").GetGuid());
        Assert.Equal(company.Text("name"), byEmail.Text("companyName"));
        Assert.Equal($"{mail}@romashka.ru", byEmail.Text("email"));
        Assert.Equal($"+7 {mobile[..3]} {mobile[3..6]}-{mobile[6..8]}-{mobile[8..]}", byEmail.Text("phone"));

        foreach (var typed in new[]
                 {
                     $"8{mobile[..7]}",                                  // 8916123
                     $"+7 ({mobile[..3]}) {mobile[3..5]}",               // +7 (916) 12
                     $"{mobile[..3]}-{mobile[3..5]}",                    // 916-12
                     $"{mobile[3..6]}-{mobile[6..8]}-{mobile[8..]}",     // the last seven digits
                     $"8 ({mobile[..3]}) {mobile[3..6]}-{mobile[6..8]}-{mobile[8..]}",
                 })
        {
            var hits = await admin.SuggestAsync(typed, limit: 20);
            var hit = Assert.Single(hits, s => s.Id() == contact.Id());
            Assert.Equal("phone", hit.Text("matchedOn"));
        }
        Assert.DoesNotContain(await admin.SuggestAsync($"8{mobile[..7]}", kind: "company", limit: 20), s => s.Id() == contact.Id());
        // a name with digits is no phone: "Ромашка 916…" does not find every number holding them
        Assert.DoesNotContain(await admin.SuggestAsync($"Ромашка {mobile}", limit: 20), s => s.Id() == contact.Id());
    }

    [Fact]
    public async Task A_custom_fields_value_finds_its_record_after_those_found_by_name()
    {
        using var admin = await app.SignedInAsync();
        var word = CyrillicWord();
        var field = (await (await admin.PostAsync("/api/directory/custom-fields", new { entity = "company", name = $"Склад {word}", type = "text" }))
            .JsonAsync(HttpStatusCode.Created)).Id();
        var byField = await admin.CreateCompanyAsync(new
        {
            name = DirectoryKit.Unique("Ромашка"), customFields = new Dictionary<string, object> { [field.ToString()] = $"Склад «{word}» Ёлкино" },
        });
        var byName = await admin.CreateCompanyAsync(new { name = $"Торговый дом {word}" });

        var found = await admin.SuggestAsync(word.ToUpperInvariant());
        Assert.Equal([byName.Id(), byField.Id()], found.Select(s => s.Id()));
        Assert.Equal(["name", "custom"], found.Select(s => s.Text("matchedOn")));
        Assert.Equal([byField.Id()], (await admin.SuggestAsync($"{word}» елкино")).Select(s => s.Id()));
        // two letters are the start of a name or word, never a custom value
        Assert.DoesNotContain(await admin.SuggestAsync("ёл", limit: 20), s => s.Id() == byField.Id());
    }

    [Fact]
    public async Task Short_queries_deleted_records_and_bad_parameters()
    {
        using var admin = await app.SignedInAsync();
        var word = CyrillicWord();
        var contact = await admin.CreateContactAsync(new { fullName = $"Олег {word}" });

        Assert.Empty(await admin.SuggestAsync(word[..1]));
        Assert.Empty(await admin.SuggestAsync(" "));
        // two letters: the start of a word
        Assert.Contains(await admin.SuggestAsync(word[..2].ToUpperInvariant(), limit: 20), s => s.Id() == contact.Id());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/directory/contacts/{contact.Id()}")).StatusCode);
        Assert.Empty(await admin.SuggestAsync(word));

        var bad = await (await admin.GetAsync("/api/directory/suggest?q=abc&kind=deal&limit=21")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(bad.FieldErrors("kind"));
        Assert.NotEmpty(bad.FieldErrors("limit"));
    }

    [Fact]
    public async Task The_limit_defaults_to_eight_and_a_manager_sees_everyones_records()
    {
        using var admin = await app.SignedInAsync();
        var (manager, _) = await app.UserAsync();
        var word = CyrillicWord();
        for (var i = 0; i < 10; i++)
        {
            await admin.CreateContactAsync(new { fullName = $"{word} {i:D2}" });
        }
        var suggestions = await manager.SuggestAsync(word);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"{word} {i:D2}"), suggestions.Select(s => s.Text("name")));
        Assert.Equal(10, (await manager.SuggestAsync(word, limit: 20)).Count);
    }
}
