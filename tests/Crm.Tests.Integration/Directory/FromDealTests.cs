using System.Net;
using System.Text.Json;
using Crm.BuildingBlocks.Events;
using Crm.Modules.Deals.Contracts;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integration.Directory;

/// <summary>CreateCompanyFromDeal and CreateContactFromDeal: Deals' events, fed through the real bus, create the records.</summary>
public sealed class FromDealTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static readonly Guid Manager = Guid.NewGuid();

    private static async Task<JsonElement> WaitForAsync(CrmClient client, string path, string what)
    {
        HttpResponseMessage? found = null;
        await Eventually.TrueAsync(async () => (found = await client.GetAsync(path)).StatusCode == HttpStatusCode.OK, what);
        return await found!.JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_company_and_a_contact_typed_into_a_deal_appear_with_the_deals_ids_and_responsible()
    {
        using var admin = await app.SignedInAsync();
        var dealId = Guid.NewGuid();
        var company = new DealCompanyEntered(dealId, Guid.NewGuid(), "  ООО «Из сделки»  ", Manager, Manager);
        var mobile = DirectoryKit.NewMobile();
        var contact = new DealContactEntered(dealId, Guid.NewGuid(), "Петров Пётр", $"+7{mobile}", "petr@deal.ru", company.CompanyId, Manager, Manager);
        await app.PublishAsync(company, contact);

        var createdCompany = await WaitForAsync(admin, $"/api/directory/companies/{company.CompanyId}", "the company from the deal");
        Assert.Equal("ООО «Из сделки»", createdCompany.Text("name"));
        Assert.Equal(Manager, createdCompany.GetProperty("responsibleId").GetGuid());
        var createdContact = await WaitForAsync(admin, $"/api/directory/contacts/{contact.ContactId}", "the contact from the deal");
        Assert.Equal("Петров Пётр", createdContact.Text("fullName"));
        Assert.Equal(Manager, createdContact.GetProperty("responsibleId").GetGuid());
        Assert.Equal($"+7{mobile}", createdContact.GetProperty("phones")[0].Text("number"));
        Assert.Equal("petr@deal.ru", createdContact.GetProperty("emails")[0].Text("address"));
        await Eventually.TrueAsync(
            async () => (await admin.ContactAsync(contact.ContactId)).GetProperty("companyId").ValueKind == JsonValueKind.String,
            "the contact linked to the deal's company");
        Assert.Equal("ООО «Из сделки»", (await admin.ContactAsync(contact.ContactId)).Text("companyName"));

        var companyCreated = Assert.Single(await app.DirectoryOutboxAsync("CompanyCreated", "companyId", company.CompanyId));
        Assert.Equal(dealId, companyCreated.GetProperty("sourceDealId").GetGuid());
        Assert.Equal(Manager, companyCreated.GetProperty("createdBy").GetGuid());
        var contactCreated = Assert.Single(await app.DirectoryOutboxAsync("ContactCreated", "contactId", contact.ContactId));
        Assert.Equal(dealId, contactCreated.GetProperty("sourceDealId").GetGuid());

        // typing that phone on the next deal suggests the contact
        var suggestion = Assert.Single(await admin.SuggestAsync($"8 {mobile[..3]} {mobile[3..6]}", kind: "contact", limit: 20), s => s.Id() == contact.ContactId);
        Assert.Equal("phone", suggestion.Text("matchedOn"));
    }

    [Fact]
    public async Task A_contact_whose_company_arrives_later_is_linked_when_it_does()
    {
        using var admin = await app.SignedInAsync();
        var dealId = Guid.NewGuid();
        var companyId = Guid.NewGuid();
        var contact = new DealContactEntered(dealId, Guid.NewGuid(), "Раньше компании", null, null, companyId, Manager, Manager);
        await app.PublishAsync(contact);
        var early = await WaitForAsync(admin, $"/api/directory/contacts/{contact.ContactId}", "the contact before its company");
        Assert.Equal(JsonValueKind.Null, early.GetProperty("companyId").ValueKind);
        Assert.Empty(early.GetProperty("phones").EnumerateArray());

        await app.PublishAsync(new DealCompanyEntered(dealId, companyId, "Позже контакта", Manager, Manager));
        await Eventually.TrueAsync(
            async () => (await admin.ContactAsync(contact.ContactId)).GetProperty("companyId").ValueKind == JsonValueKind.String,
            "the contact linked once its company exists");
        var linked = await admin.ContactAsync(contact.ContactId);
        Assert.Equal(companyId, linked.GetProperty("companyId").GetGuid());
        Assert.Equal(2, linked.Version());
        Assert.Equal([contact.ContactId], (await admin.CompanyAsync(companyId)).GetProperty("contacts").EnumerateArray().Select(c => c.Id()));
        var updated = Assert.Single(await app.DirectoryOutboxAsync("ContactUpdated", "contactId", contact.ContactId));
        Assert.Equal(companyId, updated.GetProperty("companyId").GetGuid());
    }

    [Fact]
    public async Task An_event_delivered_again_or_naming_an_existing_id_changes_nothing()
    {
        using var admin = await app.SignedInAsync();
        var entered = new DealCompanyEntered(Guid.NewGuid(), Guid.NewGuid(), "Один раз", Manager, Manager);
        await app.PublishAsync(entered);
        var company = await WaitForAsync(admin, $"/api/directory/companies/{entered.CompanyId}", "the company from the deal");
        var renamed = await (await admin.PutAsync($"/api/directory/companies/{entered.CompanyId}", new { name = "Переименована", version = company.Version() }))
            .JsonAsync(HttpStatusCode.OK);

        await using (var db = await app.OpenDatabaseAsync())
        {
            await Eventually.TrueAsync(() => BusState.DeliveredAsync(db, entered.Id), "DealCompanyEntered delivered");
            await BusState.DeliverAgainAsync(db, entered.Id, "Directory.CreateCompanyFromDeal");
            await Eventually.TrueAsync(() => BusState.DeliveredAsync(db, entered.Id), "DealCompanyEntered delivered again");
        }
        // another deal naming the same id (a retry of the form) is no new company either
        var again = new DealCompanyEntered(Guid.NewGuid(), entered.CompanyId, "Ещё раз", Manager, Manager);
        await app.PublishAsync(again);
        await using (var db = await app.OpenDatabaseAsync())
        {
            await Eventually.TrueAsync(
                async () => await db.ExecuteScalarAsync<bool>(
                    "select exists (select 1 from bus.inbox where event_id = @Id and handler = 'Directory.CreateCompanyFromDeal')", new { again.Id }),
                "the second event handled");
            Assert.Equal(1, await db.ExecuteScalarAsync<int>(
                "select count(*) from bus.inbox where event_id = @Id and handler = 'Directory.CreateCompanyFromDeal'", new { entered.Id }));
        }

        var now = await admin.CompanyAsync(entered.CompanyId);
        Assert.Equal("Переименована", now.Text("name"));
        Assert.Equal(renamed.Version(), now.Version());
        Assert.Single(await app.DirectoryOutboxAsync("CompanyCreated", "companyId", entered.CompanyId));
    }

    [Fact]
    public async Task A_contact_in_an_existing_company_is_linked_at_once_and_a_bad_phone_is_left_out()
    {
        using var admin = await app.SignedInAsync();
        var company = await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Уже есть") });
        var contact = new DealContactEntered(Guid.NewGuid(), Guid.NewGuid(), new string('я', 300), "12", null, company.Id(), Manager, Manager);
        await app.PublishAsync(contact);
        var created = await WaitForAsync(admin, $"/api/directory/contacts/{contact.ContactId}", "the contact from the deal");
        Assert.Equal(company.Id(), created.GetProperty("companyId").GetGuid());
        Assert.Equal(255, created.Text("fullName").Length);
        Assert.Empty(created.GetProperty("phones").EnumerateArray());
        var e = Assert.Single(await app.DirectoryOutboxAsync("ContactCreated", "contactId", contact.ContactId));
        Assert.Equal(company.Id(), e.GetProperty("companyId").GetGuid());
    }
}
