using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>A deal's company and contacts on CreateDeal and UpdateDeal: records of the Lists, by id (a new one is added to the Lists first).</summary>
public sealed class DealLinksTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task Picked_records_are_referred_to_by_id_under_their_Lists_names_and_nothing_is_announced()
    {
        var pipeline = await app.PipelineAsync();
        var companyId = await app.CompanyAsync("АО «Подобранная»");
        var contactId = await app.ContactAsync("Петров Иван");
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline, new
        {
            companyId,
            companyName = "не то имя",
            contacts = new[] { new { contactId, name = "тоже не то", phone = "не телефон", email = "не почта" } },
        });

        Assert.Equal(companyId, deal.OptionalGuid("companyId"));
        Assert.Equal("АО «Подобранная»", deal.Text("companyName"));
        Assert.Equal([(contactId, "Петров Иван", true)], deal.Contacts().Select(c => (c.Id!.Value, c.Name, c.IsMain)));
        var created = Assert.Single(await app.OutboxAsync("DealCreated", deal.Id()));
        Assert.Equal(companyId, created.GetProperty("deal").GetProperty("companyId").GetGuid());
        Assert.Equal([contactId], created.GetProperty("deal").GetProperty("contactIds").EnumerateArray().Select(c => c.GetGuid()));
    }

    [Fact]
    public async Task A_record_the_Lists_do_not_have_is_refused_on_its_field()
    {
        var pipeline = await app.PipelineAsync();
        var known = await app.ContactAsync("Известный");
        using var admin = await app.SignedInAsync();

        var company = await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = pipeline.First, companyId = Guid.NewGuid() }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Такой компании нет в Списках"], company.FieldErrors("companyId"));

        var contact = await (await admin.PostAsync("/api/deals", new
        {
            pipelineId = pipeline.Id,
            stageId = pipeline.First,
            contacts = new object[] { new { contactId = known }, new { contactId = Guid.NewGuid() } },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Такого контакта нет в Списках"], contact.FieldErrors("contacts[1].contactId"));

        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from deals.deals where pipeline_id = @Id", new { pipeline.Id }));
    }

    [Fact]
    public async Task A_contact_or_company_without_an_id_and_bad_lists_are_refused_on_the_right_field()
    {
        var pipeline = await app.PipelineAsync();
        var known = await app.ContactAsync("Известный");
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.PostAsync("/api/deals", new
        {
            pipelineId = pipeline.Id,
            stageId = pipeline.First,
            companyName = "Набрана в сделке",
            contacts = new object[] { new { contactId = known }, new { name = "Набран в сделке", phone = "+7 916 123 45 67" } },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Выберите компанию из Списков или добавьте её туда"], problem.FieldErrors("companyName"));
        Assert.Equal(["Выберите контакт из Списков или добавьте его туда"], problem.FieldErrors("contacts[1].contactId"));
        Assert.False(problem.GetProperty("errors").TryGetProperty("contacts[0].contactId", out _));

        var tooMany = await (await admin.PostAsync("/api/deals", new
        {
            pipelineId = pipeline.Id,
            stageId = pipeline.First,
            contacts = Enumerable.Range(1, 21).Select(_ => new { contactId = known }).ToArray(),
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Не больше 20 контактов"], tooMany.FieldErrors("contacts"));

        var twoMains = await (await admin.PostAsync("/api/deals", new
        {
            pipelineId = pipeline.Id,
            stageId = pipeline.First,
            contacts = new[] { new { contactId = known, isMain = true }, new { contactId = known, isMain = true } },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Основным может быть только один контакт"], twoMains.FieldErrors("contacts"));

        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var english = await (await admin.PostAsync("/api/deals", new
        {
            pipelineId = pipeline.Id, stageId = pipeline.First, contacts = new[] { new { name = "X" } },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Pick a contact from the Lists or add it there"], english.FieldErrors("contacts[0].contactId"));

        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from deals.deals where pipeline_id = @Id", new { pipeline.Id }));
    }

    [Fact]
    public async Task The_main_contact_is_the_one_that_says_so_else_the_first_and_a_contact_given_twice_is_kept_once()
    {
        var pipeline = await app.PipelineAsync();
        var picked = await app.ContactAsync("Дважды");
        using var admin = await app.SignedInAsync();

        var chosen = await admin.CreateDealAsync(pipeline, new
        {
            contacts = new object[]
            {
                new { contactId = await app.ContactAsync("Первый") },
                new { contactId = await app.ContactAsync("Второй"), isMain = true },
                new { contactId = await app.ContactAsync("Третий"), isMain = false },
            },
        });
        Assert.Equal([("Первый", false), ("Второй", true), ("Третий", false)], chosen.Contacts().Select(c => (c.Name, c.IsMain)));
        Assert.Equal("Второй", (await admin.CardAsync(pipeline, chosen.Id())).Text("contactName"));
        // Other modules get the contacts main first.
        var ids = chosen.Contacts().Select(c => c.Id!.Value).ToList();
        Assert.Equal([ids[1], ids[0], ids[2]],
            Assert.Single(await app.OutboxAsync("DealCreated", chosen.Id())).GetProperty("deal").GetProperty("contactIds").EnumerateArray().Select(c => c.GetGuid()));

        var twice = await admin.CreateDealAsync(pipeline, new
        {
            contacts = new object[] { new { contactId = picked }, new { contactId = await app.ContactAsync("Другой") }, new { contactId = picked, isMain = true } },
        });
        Assert.Equal([(picked, "Дважды", true), (twice.Contacts()[1].Id!.Value, "Другой", false)],
            twice.Contacts().Select(c => (c.Id!.Value, c.Name, c.IsMain)));

        var none = await admin.CreateDealAsync(pipeline, new { contacts = Array.Empty<object>() });
        Assert.Empty(none.Contacts());
        var card = await admin.CardAsync(pipeline, none.Id());
        Assert.Null(card.OptionalGuid("contactId"));
        Assert.Null(card.OptionalText("contactName"));
        Assert.Null(card.OptionalGuid("companyId"));
        Assert.Null(card.OptionalText("companyName"));
    }

    [Fact]
    public async Task Saving_the_card_replaces_the_contacts_and_leaving_them_out_keeps_them()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, _) = await app.UserAsync();
        var companyId = await app.CompanyAsync("Первая компания");
        var boris = await app.ContactAsync("Борис");
        var deal = await manager.CreateDealAsync(pipeline, new
        {
            companyId,
            contacts = new[] { new { contactId = await app.ContactAsync("Аркадий") }, new { contactId = boris } },
        });
        var vera = await app.ContactAsync("Вера");

        var replaced = await (await manager.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "Сделка", companyId, companyName = "пропускается",
            contacts = new object[] { new { contactId = boris }, new { contactId = vera } },
            version = deal.Version(),
        })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(companyId, replaced.OptionalGuid("companyId"));
        Assert.Equal("Первая компания", replaced.Text("companyName"));
        var contacts = replaced.Contacts();
        Assert.Equal([(boris, "Борис", true), (vera, "Вера", false)], contacts.Select(c => (c.Id!.Value, c.Name, c.IsMain)));
        var updated = Assert.Single(await app.OutboxAsync("DealUpdated", deal.Id()));
        Assert.Equal(companyId, updated.GetProperty("deal").GetProperty("companyId").GetGuid());
        Assert.Equal([boris, vera], updated.GetProperty("deal").GetProperty("contactIds").EnumerateArray().Select(c => c.GetGuid()));
        Assert.Equal("Борис", (await manager.CardAsync(pipeline, deal.Id())).Text("contactName"));

        // Contacts left out stay; another company picked replaces the old one; one typed by name is refused.
        var secondId = await app.CompanyAsync("Вторая компания");
        var typed = await (await manager.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "Сделка", companyName = "Вторая компания", version = replaced.Version(),
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Выберите компанию из Списков или добавьте её туда"], typed.FieldErrors("companyName"));
        var kept = await (await manager.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "Сделка", budget = 10m, companyId = secondId, version = replaced.Version(),
        })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(contacts, kept.Contacts());
        Assert.Equal(secondId, kept.OptionalGuid("companyId"));
        Assert.Equal("Вторая компания", kept.Text("companyName"));
        var second = (await app.OutboxAsync("DealUpdated", deal.Id())).Single(e => e.GetProperty("deal").GetProperty("companyId").GetGuid() != companyId);
        Assert.Equal(secondId, second.GetProperty("deal").GetProperty("companyId").GetGuid());
        Assert.Equal([boris, vera], second.GetProperty("deal").GetProperty("contactIds").EnumerateArray().Select(c => c.GetGuid()));

        // An empty list clears them; no company at all clears the company.
        var cleared = await (await manager.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "Сделка", contacts = Array.Empty<object>(), version = kept.Version(),
        })).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(cleared.Contacts());
        Assert.Null(cleared.OptionalGuid("companyId"));
        Assert.Null(cleared.OptionalText("companyName"));
        var card = await manager.CardAsync(pipeline, deal.Id());
        Assert.Null(card.OptionalGuid("contactId"));
        Assert.Null(card.OptionalText("contactName"));

        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from deals.deal_contacts where deal_id = @Id", new { Id = deal.Id() }));
    }

    [Fact]
    public async Task A_bad_contact_on_save_changes_nothing()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline, new { contacts = new[] { new { contactId = await app.ContactAsync("Остаётся") } } });
        var problem = await (await admin.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "Сделка", contacts = new object[] { new { contactId = await app.ContactAsync("Новый") }, new { contactId = Guid.NewGuid() } },
            version = deal.Version(),
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("contacts[1].contactId"));
        var read = await admin.DealAsync(deal.Id());
        Assert.Equal(deal.Contacts(), read.Contacts());
        Assert.Equal(deal.Version(), read.Version());
        Assert.Empty(await app.OutboxAsync("DealUpdated", deal.Id()));
    }

    [Fact]
    public async Task A_deal_from_before_the_Lists_keeps_its_typed_names_until_saved_with_links()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline);
        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync(
                "update deals.deals set company_name = 'Старая компания', contact_name = 'Старый контакт' where id = @Id", new { Id = deal.Id() });
        }

        var legacy = await admin.DealAsync(deal.Id());
        Assert.Null(legacy.OptionalGuid("companyId"));
        Assert.Equal("Старая компания", legacy.Text("companyName"));
        Assert.Equal([(null, "Старый контакт", true)], legacy.Contacts());
        var card = await admin.CardAsync(pipeline, deal.Id());
        Assert.Equal("Старый контакт", card.Text("contactName"));
        Assert.Null(card.OptionalGuid("contactId"));

        // Saved as the card shows it (its typed company name back, no contacts) the texts stay; a company
        // picked from the Lists replaces the typed name; a different typed name is refused.
        var budget = await (await admin.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "Сделка", budget = 5m, companyName = "Старая компания", version = legacy.Version(),
        })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([(null, "Старый контакт", true)], budget.Contacts());
        Assert.Null(budget.OptionalGuid("companyId"));
        Assert.Equal("Старая компания", budget.Text("companyName"));
        await (await admin.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "Сделка", companyName = "Другая старая", version = budget.Version(),
        })).ProblemAsync(HttpStatusCode.BadRequest);
        var companyId = await app.CompanyAsync("Старая компания");
        var contactId = await app.ContactAsync("Старый контакт");
        var linked = await (await admin.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "Сделка", companyId, contacts = new[] { new { contactId, isMain = true } }, version = budget.Version(),
        })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(companyId, linked.OptionalGuid("companyId"));
        Assert.Equal([(contactId, "Старый контакт", true)], linked.Contacts().Select(c => (c.Id!.Value, c.Name, c.IsMain)));
    }
}
