using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>A deal's company and contacts on CreateDeal and UpdateDeal: picked from the Lists or typed in anew.</summary>
public sealed class DealLinksTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_new_company_and_contacts_get_their_ids_at_once_and_are_announced_to_Directory()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var deal = await manager.CreateDealAsync(pipeline, new
        {
            name = "Шины",
            companyName = "  ООО «Ромашка»  ",
            contacts = new object[]
            {
                new { name = " Иванов Пётр ", phone = "8 (916) 123-45-67", email = " Petr@Romashka.RU " },
                new { name = "Сидорова Анна" },
            },
        });

        var companyId = deal.OptionalGuid("companyId")!.Value;
        Assert.Equal(7, companyId.Version);
        Assert.Equal("ООО «Ромашка»", deal.Text("companyName"));
        var contacts = deal.Contacts();
        Assert.Equal(["Иванов Пётр", "Сидорова Анна"], contacts.Select(c => c.Name));
        Assert.Equal([true, false], contacts.Select(c => c.IsMain));
        Assert.All(contacts, c => Assert.Equal(7, c.Id!.Value.Version));
        var (petr, anna) = (contacts[0].Id!.Value, contacts[1].Id!.Value);

        var company = Assert.Single(await app.OutboxAsync("DealCompanyEntered", deal.Id()));
        Assert.Equal(companyId, company.GetProperty("companyId").GetGuid());
        Assert.Equal("ООО «Ромашка»", company.Text("name"));
        Assert.Equal(managerId, company.GetProperty("responsibleId").GetGuid());
        Assert.Equal(managerId, company.GetProperty("enteredBy").GetGuid());
        Assert.Equal(1, company.GetProperty("dealVersion").GetInt32());

        var entered = (await app.OutboxAsync("DealContactEntered", deal.Id())).ToDictionary(e => e.GetProperty("contactId").GetGuid());
        Assert.Equal(new HashSet<Guid> { petr, anna }, entered.Keys.ToHashSet());
        Assert.Equal("Иванов Пётр", entered[petr].Text("fullName"));
        Assert.Equal("+79161234567", entered[petr].Text("phone"));
        Assert.Equal("petr@romashka.ru", entered[petr].Text("email"));
        Assert.Equal(companyId, entered[petr].GetProperty("companyId").GetGuid());
        Assert.Equal(managerId, entered[petr].GetProperty("responsibleId").GetGuid());
        Assert.Equal(JsonValueKind.Null, entered[anna].GetProperty("phone").ValueKind);
        Assert.Equal(JsonValueKind.Null, entered[anna].GetProperty("email").ValueKind);

        var created = Assert.Single(await app.OutboxAsync("DealCreated", deal.Id()));
        Assert.Equal(companyId, created.GetProperty("deal").GetProperty("companyId").GetGuid());
        Assert.Equal([petr, anna], created.GetProperty("deal").GetProperty("contactIds").EnumerateArray().Select(c => c.GetGuid()));

        var card = await manager.CardAsync(pipeline, deal.Id());
        Assert.Equal(companyId, card.OptionalGuid("companyId"));
        Assert.Equal("ООО «Ромашка»", card.Text("companyName"));
        Assert.Equal(petr, card.OptionalGuid("contactId"));
        Assert.Equal("Иванов Пётр", card.Text("contactName"));

        var read = await manager.DealAsync(deal.Id());
        Assert.Equal(contacts, read.Contacts());
        Assert.Equal(companyId, read.OptionalGuid("companyId"));
    }

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
        Assert.Empty(await app.OutboxAsync("DealCompanyEntered", deal.Id()));
        Assert.Empty(await app.OutboxAsync("DealContactEntered", deal.Id()));
        var created = Assert.Single(await app.OutboxAsync("DealCreated", deal.Id()));
        Assert.Equal(companyId, created.GetProperty("deal").GetProperty("companyId").GetGuid());
        Assert.Equal([contactId], created.GetProperty("deal").GetProperty("contactIds").EnumerateArray().Select(c => c.GetGuid()));

        // A new contact typed next to a picked company is created in that company.
        var second = await admin.CreateDealAsync(pipeline, new { companyId, contacts = new[] { new { name = "Новый в компании" } } });
        var entered = Assert.Single(await app.OutboxAsync("DealContactEntered", second.Id()));
        Assert.Equal(companyId, entered.GetProperty("companyId").GetGuid());
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
            companyName = "Новая компания",
            contacts = new object[] { new { contactId = known }, new { contactId = Guid.NewGuid() } },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Такого контакта нет в Списках"], contact.FieldErrors("contacts[1].contactId"));

        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from deals.deals where pipeline_id = @Id", new { pipeline.Id }));
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from deals.companies where name = 'Новая компания'"));
    }

    [Fact]
    public async Task Bad_phones_e_mails_names_and_lists_are_refused_on_the_right_field()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.PostAsync("/api/deals", new
        {
            pipelineId = pipeline.Id,
            stageId = pipeline.First,
            companyName = new string('к', 256),
            contacts = new object[]
            {
                new { name = "Хороший", phone = "+7 916 123 45 67", email = "good@example.ru" },
                new { name = "Плохой телефон", phone = "12345" },
                new { name = "Плохая почта", email = "petr@" },
                new { name = "  " },
                new { name = new string('и', 256) },
            },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Это не номер телефона"], problem.FieldErrors("contacts[1].phone"));
        Assert.Equal(["Это не адрес электронной почты"], problem.FieldErrors("contacts[2].email"));
        Assert.Equal(["Укажите имя нового контакта"], problem.FieldErrors("contacts[3].name"));
        Assert.Equal(["Не больше 255 символов"], problem.FieldErrors("contacts[4].name"));
        Assert.NotEmpty(problem.FieldErrors("companyName"));
        Assert.False(problem.GetProperty("errors").TryGetProperty("contacts[0].phone", out _));
        Assert.False(problem.GetProperty("errors").TryGetProperty("contacts[0].email", out _));

        var tooMany = await (await admin.PostAsync("/api/deals", new
        {
            pipelineId = pipeline.Id,
            stageId = pipeline.First,
            contacts = Enumerable.Range(1, 21).Select(i => new { name = $"Контакт {i}" }).ToArray(),
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Не больше 20 контактов"], tooMany.FieldErrors("contacts"));

        var twoMains = await (await admin.PostAsync("/api/deals", new
        {
            pipelineId = pipeline.Id,
            stageId = pipeline.First,
            contacts = new[] { new { name = "А", isMain = true }, new { name = "Б", isMain = true } },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Основным может быть только один контакт"], twoMains.FieldErrors("contacts"));

        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var english = await (await admin.PostAsync("/api/deals", new
        {
            pipelineId = pipeline.Id, stageId = pipeline.First, contacts = new[] { new { name = "X", phone = "abc" } },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Not a valid phone number"], english.FieldErrors("contacts[0].phone"));

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
            contacts = new object[] { new { name = "Первый" }, new { name = "Второй", isMain = true }, new { name = "Третий", isMain = false } },
        });
        Assert.Equal([("Первый", false), ("Второй", true), ("Третий", false)], chosen.Contacts().Select(c => (c.Name, c.IsMain)));
        Assert.Equal("Второй", (await admin.CardAsync(pipeline, chosen.Id())).Text("contactName"));
        // Other modules get the contacts main first.
        var ids = chosen.Contacts().Select(c => c.Id!.Value).ToList();
        Assert.Equal([ids[1], ids[0], ids[2]],
            Assert.Single(await app.OutboxAsync("DealCreated", chosen.Id())).GetProperty("deal").GetProperty("contactIds").EnumerateArray().Select(c => c.GetGuid()));

        var twice = await admin.CreateDealAsync(pipeline, new
        {
            contacts = new object[] { new { contactId = picked }, new { name = "Другой" }, new { contactId = picked, isMain = true } },
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
        var (manager, managerId) = await app.UserAsync();
        var deal = await manager.CreateDealAsync(pipeline, new
        {
            companyName = "Первая компания",
            contacts = new[] { new { name = "Аркадий" }, new { name = "Борис" } },
        });
        var companyId = deal.OptionalGuid("companyId")!.Value;
        var boris = deal.Contacts()[1].Id!.Value;

        var replaced = await (await manager.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "Сделка", companyId, companyName = "пропускается",
            contacts = new object[] { new { contactId = boris }, new { name = "Вера", phone = "+7 495 123-45-67" } },
            version = deal.Version(),
        })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(companyId, replaced.OptionalGuid("companyId"));
        Assert.Equal("Первая компания", replaced.Text("companyName"));
        var contacts = replaced.Contacts();
        Assert.Equal([("Борис", true), ("Вера", false)], contacts.Select(c => (c.Name, c.IsMain)));
        Assert.Equal(boris, contacts[0].Id);
        var vera = contacts[1].Id!.Value;
        Assert.Single(await app.OutboxAsync("DealCompanyEntered", deal.Id()));
        var entered = (await app.OutboxAsync("DealContactEntered", deal.Id())).Single(e => e.GetProperty("contactId").GetGuid() == vera);
        Assert.Equal("+74951234567", entered.Text("phone"));
        Assert.Equal(companyId, entered.GetProperty("companyId").GetGuid());
        Assert.Equal(managerId, entered.GetProperty("enteredBy").GetGuid());
        var updated = Assert.Single(await app.OutboxAsync("DealUpdated", deal.Id()));
        Assert.Equal(companyId, updated.GetProperty("deal").GetProperty("companyId").GetGuid());
        Assert.Equal([boris, vera], updated.GetProperty("deal").GetProperty("contactIds").EnumerateArray().Select(c => c.GetGuid()));
        Assert.Equal("Борис", (await manager.CardAsync(pipeline, deal.Id())).Text("contactName"));

        // Contacts left out stay; a new company typed in replaces the old one.
        var kept = await (await manager.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "Сделка", budget = 10m, companyName = "Вторая компания", version = replaced.Version(),
        })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(contacts, kept.Contacts());
        Assert.NotEqual(companyId, kept.OptionalGuid("companyId"));
        Assert.Equal("Вторая компания", kept.Text("companyName"));
        var second = (await app.OutboxAsync("DealUpdated", deal.Id())).Single(e => e.GetProperty("deal").GetProperty("companyId").GetGuid() != companyId);
        Assert.Equal(kept.OptionalGuid("companyId"), second.GetProperty("deal").GetProperty("companyId").GetGuid());
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
        var deal = await admin.CreateDealAsync(pipeline, new { contacts = new[] { new { name = "Остаётся" } } });
        var problem = await (await admin.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "Сделка", contacts = new object[] { new { name = "Новый" }, new { contactId = Guid.NewGuid() } }, version = deal.Version(),
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("contacts[1].contactId"));
        var read = await admin.DealAsync(deal.Id());
        Assert.Equal(deal.Contacts(), read.Contacts());
        Assert.Equal(deal.Version(), read.Version());
        Assert.Empty(await app.OutboxAsync("DealUpdated", deal.Id()));
        Assert.Single(await app.OutboxAsync("DealContactEntered", deal.Id()));
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

        // Saved without contacts the text stays; saved back as the card shows it, both go to the Lists.
        var budget = await (await admin.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "Сделка", budget = 5m, companyName = "Старая компания", version = legacy.Version(),
        })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([(null, "Старый контакт", true)], budget.Contacts());
        Assert.NotNull(budget.OptionalGuid("companyId"));
        var linked = await (await admin.PutAsync($"/api/deals/{deal.Id()}", new
        {
            name = "Сделка", companyId = budget.OptionalGuid("companyId"), contacts = new[] { new { name = "Старый контакт", isMain = true } },
            version = budget.Version(),
        })).JsonAsync(HttpStatusCode.OK);
        var contact = Assert.Single(linked.Contacts());
        Assert.NotNull(contact.Id);
        Assert.Single(await app.OutboxAsync("DealContactEntered", deal.Id()));
    }
}
