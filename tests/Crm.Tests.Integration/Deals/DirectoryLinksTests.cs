using System.Net;
using Crm.Modules.Directory.Contracts;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// Directory's events, fed through the real bus, keep deals' company and contact names and follow
/// merges and deletions (KeepCompanyNames, KeepContactNames, FollowCompanyMerges, FollowContactMerges,
/// UnlinkDeletedCompanies, UnlinkDeletedContacts).
/// </summary>
public sealed class DirectoryLinksTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static readonly Guid Admin = Guid.NewGuid();

    private static async Task WaitForDealAsync(CrmClient client, Guid dealId, Func<System.Text.Json.JsonElement, bool> condition, string what) =>
        await Eventually.TrueAsync(async () => condition(await client.DealAsync(dealId)), what);

    [Fact]
    public async Task A_company_renamed_in_the_Lists_is_renamed_on_all_its_deals_without_touching_their_versions()
    {
        var pipeline = await app.PipelineAsync();
        var companyId = await app.CompanyAsync("Старое имя");
        using var admin = await app.SignedInAsync();
        var first = await admin.CreateDealAsync(pipeline, new { companyId });
        var second = await admin.CreateDealAsync(pipeline, new { companyId });
        var bystander = await admin.CreateDealAsync(pipeline, new { companyId = await app.CompanyAsync("Старое имя") });

        await app.PublishAsync(new CompanyUpdated(DealsKit.CompanyState(companyId, 2, "Новое имя"), Admin));
        await WaitForDealAsync(admin, second.Id(), d => d.OptionalText("companyName") == "Новое имя", "the rename on the deal");

        var read = await admin.DealAsync(first.Id());
        Assert.Equal("Новое имя", read.Text("companyName"));
        Assert.Equal(first.Version(), read.Version());
        Assert.Equal("Новое имя", (await admin.CardAsync(pipeline, second.Id())).Text("companyName"));
        Assert.Equal("Старое имя", (await admin.DealAsync(bystander.Id())).Text("companyName"));
        // picked from now on under the new name
        Assert.Equal("Новое имя", (await admin.CreateDealAsync(pipeline, new { companyId })).Text("companyName"));
    }

    [Fact]
    public async Task Records_just_added_to_the_Lists_can_be_put_on_a_deal_at_once_and_their_renames_reach_the_deal()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var company = await (await admin.PostAsync("/api/directory/companies", new { name = "ромашка" })).JsonAsync(HttpStatusCode.Created);
        var companyId = company.Id();
        var contact = await (await admin.PostAsync("/api/directory/contacts", new { fullName = "иванов", companyId }))
            .JsonAsync(HttpStatusCode.Created);
        var contactId = contact.Id();

        // Right away: Deals waits for Directory's events about them if its copy has not got them yet.
        var deal = await admin.CreateDealAsync(pipeline, new { companyId, contacts = new[] { new { contactId } } });
        Assert.Equal("ромашка", deal.Text("companyName"));
        Assert.Equal([(contactId, "иванов", true)], deal.Contacts().Select(c => (c.Id!.Value, c.Name, c.IsMain)));

        await (await admin.PutAsync($"/api/directory/companies/{companyId}", new { name = "Ромашка", version = company.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        await (await admin.PutAsync($"/api/directory/contacts/{contactId}", new { fullName = "Иванов", companyId, version = contact.Version() }))
            .JsonAsync(HttpStatusCode.OK);
        await WaitForDealAsync(admin, deal.Id(), d => d.OptionalText("companyName") == "Ромашка" && d.Contacts()[0].Name == "Иванов", "Directory's names");
        var card = await admin.CardAsync(pipeline, deal.Id());
        Assert.Equal("Иванов", card.Text("contactName"));
        Assert.Equal("Ромашка", card.Text("companyName"));
        Assert.Equal(deal.Version(), (await admin.DealAsync(deal.Id())).Version());
    }

    [Fact]
    public async Task A_contact_renamed_in_the_Lists_is_renamed_on_every_deal_main_or_not()
    {
        var pipeline = await app.PipelineAsync();
        var contactId = await app.ContactAsync("Петров");
        using var admin = await app.SignedInAsync();
        var main = await admin.CreateDealAsync(pipeline, new { contacts = new[] { new { contactId } } });
        var other = await admin.CreateDealAsync(pipeline, new { contacts = new object[] { new { contactId = await app.ContactAsync("Главный") }, new { contactId } } });

        await app.PublishAsync(new ContactUpdated(DealsKit.ContactState(contactId, 2, "Петров Пётр"), Admin));
        await WaitForDealAsync(admin, other.Id(), d => d.Contacts()[1].Name == "Петров Пётр", "the rename on the second deal");
        Assert.Equal([(contactId, "Петров Пётр", true)], (await admin.DealAsync(main.Id())).Contacts().Select(c => (c.Id!.Value, c.Name, c.IsMain)));
        Assert.Equal("Петров Пётр", (await admin.CardAsync(pipeline, main.Id())).Text("contactName"));
        Assert.Equal("Главный", (await admin.CardAsync(pipeline, other.Id())).Text("contactName"));
    }

    [Fact]
    public async Task A_merged_company_s_deals_follow_the_survivor_and_its_old_id_still_picks_the_survivor()
    {
        var pipeline = await app.PipelineAsync();
        var survivor = await app.CompanyAsync("Выживший");
        var merged = await app.CompanyAsync("Поглощённый");
        using var admin = await app.SignedInAsync();
        var ofMerged = await admin.CreateDealAsync(pipeline, new { companyId = merged });
        var ofSurvivor = await admin.CreateDealAsync(pipeline, new { companyId = survivor });

        var e = new CompanyMerged(
            DealsKit.CompanyState(merged, 3, "Поглощённый", deleted: true, mergedInto: survivor), DealsKit.CompanyState(survivor, 2, "Выживший и Ко"), Admin);
        await app.PublishAsync(e);
        await WaitForDealAsync(admin, ofSurvivor.Id(), d => d.OptionalText("companyName") == "Выживший и Ко", "the merge");
        var moved = await admin.DealAsync(ofMerged.Id());
        Assert.Equal(survivor, moved.OptionalGuid("companyId"));
        Assert.Equal("Выживший и Ко", moved.Text("companyName"));
        // Its company changed, so its state did: a new version, told to the other modules; the
        // survivor's own deal only shows the new name.
        Assert.Equal(ofMerged.Version() + 1, moved.Version());
        var updated = Assert.Single(await app.OutboxAsync("DealUpdated", ofMerged.Id()));
        Assert.Equal(survivor, updated.GetProperty("deal").GetProperty("companyId").GetGuid());
        Assert.Equal(moved.Version(), updated.GetProperty("deal").Version());
        Assert.Equal(Admin, updated.GetProperty("updatedBy").GetGuid());
        Assert.Equal(ofSurvivor.Version(), (await admin.DealAsync(ofSurvivor.Id())).Version());
        Assert.Empty(await app.OutboxAsync("DealUpdated", ofSurvivor.Id()));

        var stale = await admin.CreateDealAsync(pipeline, new { companyId = merged });
        Assert.Equal(survivor, stale.OptionalGuid("companyId"));

        // Again (a second delivery of the same news), and a late rename of the merged one: nothing changes.
        await app.PublishAsync(e with { Id = Guid.CreateVersion7() }, new CompanyUpdated(DealsKit.CompanyState(merged, 2, "Поглощённый 2"), Admin));
        await app.PublishAsync(new CompanyUpdated(DealsKit.CompanyState(Guid.NewGuid(), 2, "Сигнал"), Admin));
        await app.WaitForAsync("select exists (select 1 from deals.companies where name = 'Сигнал')", null, "later events handled");
        await app.WaitForAsync(
            "select not exists (select 1 from bus.deliveries where event_type like '%Directory%' and not dead)", null, "all delivered");
        var after = await admin.DealAsync(ofMerged.Id());
        Assert.Equal(survivor, after.OptionalGuid("companyId"));
        Assert.Equal("Выживший и Ко", after.Text("companyName"));
        Assert.Equal(moved.Version(), after.Version());
        Assert.Single(await app.OutboxAsync("DealUpdated", ofMerged.Id()));
        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(survivor, await db.ExecuteScalarAsync<Guid>("select merged_into from deals.companies where id = @merged", new { merged }));
    }

    [Fact]
    public async Task A_deleted_company_leaves_its_deals_and_cannot_be_picked()
    {
        var pipeline = await app.PipelineAsync();
        var companyId = await app.CompanyAsync("Удаляемая");
        using var admin = await app.SignedInAsync();
        var deal = await admin.CreateDealAsync(pipeline, new { companyId });

        await app.PublishAsync(new CompanyDeleted(DealsKit.CompanyState(companyId, 3, "Удаляемая", deleted: true), Admin));
        await WaitForDealAsync(admin, deal.Id(), d => d.OptionalGuid("companyId") is null, "the unlink");
        var read = await admin.DealAsync(deal.Id());
        Assert.Null(read.OptionalText("companyName"));
        Assert.Equal(deal.Version() + 1, read.Version());
        var updated = Assert.Single(await app.OutboxAsync("DealUpdated", deal.Id()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, updated.GetProperty("deal").GetProperty("companyId").ValueKind);
        Assert.Equal(read.Version(), updated.GetProperty("deal").Version());
        var card = await admin.CardAsync(pipeline, deal.Id());
        Assert.Null(card.OptionalGuid("companyId"));
        Assert.Null(card.OptionalText("companyName"));
        var problem = await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = pipeline.First, companyId }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("companyId"));
        Assert.Equal(0, (await (await admin.GetAsync($"/api/deals?companyId={companyId}")).JsonAsync(HttpStatusCode.OK)).GetProperty("total").GetInt64());

        // A rename that arrives late does not bring it back.
        await app.PublishAsync(new CompanyUpdated(DealsKit.CompanyState(companyId, 2, "Воскресшая"), Admin));
        await app.WaitForAsync(
            "select not exists (select 1 from bus.deliveries where event_type like '%Directory%' and not dead)", null, "all delivered");
        await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = pipeline.First, companyId }))
            .ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Merged_contacts_become_one_on_a_deal_that_had_both_and_the_main_one_stays_main()
    {
        var pipeline = await app.PipelineAsync();
        var survivor = await app.ContactAsync("Иванов П.");
        var merged = await app.ContactAsync("Пётр Иванов");
        using var admin = await app.SignedInAsync();
        // merged is main, survivor second: the survivor becomes main
        var both = await admin.CreateDealAsync(pipeline, new
        {
            contacts = new object[] { new { contactId = merged }, new { contactId = await app.ContactAsync("Третий") }, new { contactId = survivor } },
        });
        // survivor main, merged second: the survivor stays main
        var bothOther = await admin.CreateDealAsync(pipeline, new
        {
            contacts = new object[] { new { contactId = survivor }, new { contactId = merged } },
        });
        var onlyMerged = await admin.CreateDealAsync(pipeline, new { contacts = new object[] { new { contactId = await app.ContactAsync("Главный") }, new { contactId = merged } } });
        var onlyMergedMain = await admin.CreateDealAsync(pipeline, new { contacts = new object[] { new { contactId = merged } } });

        var e = new ContactMerged(
            DealsKit.ContactState(merged, 2, "Пётр Иванов", deleted: true, mergedInto: survivor), DealsKit.ContactState(survivor, 2, "Иванов Пётр"), Admin);
        await app.PublishAsync(e);
        await WaitForDealAsync(admin, onlyMergedMain.Id(), d => d.Contacts()[0].Id == survivor, "the merge");

        var third = both.Contacts()[1].Id!.Value;
        Assert.Equal([(third, "Третий", false), (survivor, "Иванов Пётр", true)],
            (await admin.DealAsync(both.Id())).Contacts().Select(c => (c.Id!.Value, c.Name, c.IsMain)));
        Assert.Equal(survivor, (await admin.CardAsync(pipeline, both.Id())).OptionalGuid("contactId"));
        Assert.Equal("Иванов Пётр", (await admin.CardAsync(pipeline, both.Id())).Text("contactName"));
        Assert.Equal([(survivor, "Иванов Пётр", true)],
            (await admin.DealAsync(bothOther.Id())).Contacts().Select(c => (c.Id!.Value, c.Name, c.IsMain)));
        Assert.Equal([("Главный", true), ("Иванов Пётр", false)],
            (await admin.DealAsync(onlyMerged.Id())).Contacts().Select(c => (c.Name, c.IsMain)));
        Assert.Equal(survivor, (await admin.DealAsync(onlyMerged.Id())).Contacts()[1].Id);
        var card = await admin.CardAsync(pipeline, onlyMergedMain.Id());
        Assert.Equal(survivor, card.OptionalGuid("contactId"));
        Assert.Equal("Иванов Пётр", card.Text("contactName"));
        Assert.Equal(0, (await (await admin.GetAsync($"/api/deals?contactId={merged}")).JsonAsync(HttpStatusCode.OK)).GetProperty("total").GetInt64());
        Assert.Equal(4, (await (await admin.GetAsync($"/api/deals?contactId={survivor}")).JsonAsync(HttpStatusCode.OK)).GetProperty("total").GetInt64());
        // Each deal's contacts changed: a new version each, and its state (main first) told to the other modules.
        foreach (var deal in new[] { both, bothOther, onlyMerged, onlyMergedMain })
        {
            var read = await admin.DealAsync(deal.Id());
            Assert.Equal(deal.Version() + 1, read.Version());
            var state = Assert.Single(await app.OutboxAsync("DealUpdated", deal.Id())).GetProperty("deal");
            Assert.Equal(read.Version(), state.Version());
            Assert.Equal(read.Contacts().OrderByDescending(c => c.IsMain).Select(c => c.Id!.Value),
                state.GetProperty("contactIds").EnumerateArray().Select(c => c.GetGuid()));
        }

        // The same news again changes nothing.
        await app.PublishAsync(e with { Id = Guid.CreateVersion7() });
        await app.WaitForAsync(
            "select not exists (select 1 from bus.deliveries where event_type like '%Directory%' and not dead)", null, "all delivered");
        Assert.Equal([(third, false), (survivor, true)], (await admin.DealAsync(both.Id())).Contacts().Select(c => (c.Id!.Value, c.IsMain)));
        Assert.Single(await app.OutboxAsync("DealUpdated", both.Id()));
        var stale = await admin.CreateDealAsync(pipeline, new { contacts = new object[] { new { contactId = merged }, new { contactId = survivor } } });
        Assert.Equal([(survivor, true)], stale.Contacts().Select(c => (c.Id!.Value, c.IsMain)));
    }

    [Fact]
    public async Task A_deleted_contact_leaves_its_deals_and_the_next_one_becomes_main()
    {
        var pipeline = await app.PipelineAsync();
        var doomed = await app.ContactAsync("Уходящий");
        using var admin = await app.SignedInAsync();
        var withOthers = await admin.CreateDealAsync(pipeline, new
        {
            contacts = new object[] { new { contactId = doomed }, new { contactId = await app.ContactAsync("Второй") }, new { contactId = await app.ContactAsync("Третий") } },
        });
        var alone = await admin.CreateDealAsync(pipeline, new { contacts = new object[] { new { contactId = doomed } } });
        var notMain = await admin.CreateDealAsync(pipeline, new { contacts = new object[] { new { contactId = await app.ContactAsync("Главный") }, new { contactId = doomed } } });

        await app.PublishAsync(new ContactDeleted(DealsKit.ContactState(doomed, 2, "Уходящий", deleted: true), Admin));
        await WaitForDealAsync(admin, alone.Id(), d => d.Contacts().Count == 0, "the unlink");

        Assert.Equal([("Второй", true), ("Третий", false)], (await admin.DealAsync(withOthers.Id())).Contacts().Select(c => (c.Name, c.IsMain)));
        Assert.Equal("Второй", (await admin.CardAsync(pipeline, withOthers.Id())).Text("contactName"));
        Assert.Equal([("Главный", true)], (await admin.DealAsync(notMain.Id())).Contacts().Select(c => (c.Name, c.IsMain)));
        foreach (var deal in new[] { withOthers, alone, notMain })
        {
            var read = await admin.DealAsync(deal.Id());
            Assert.Equal(deal.Version() + 1, read.Version());
            var state = Assert.Single(await app.OutboxAsync("DealUpdated", deal.Id())).GetProperty("deal");
            Assert.Equal(read.Contacts().Select(c => c.Id!.Value), state.GetProperty("contactIds").EnumerateArray().Select(c => c.GetGuid()));
        }
        Assert.Equal("Главный", (await admin.CardAsync(pipeline, notMain.Id())).Text("contactName"));
        var card = await admin.CardAsync(pipeline, alone.Id());
        Assert.Null(card.OptionalGuid("contactId"));
        Assert.Null(card.OptionalText("contactName"));
        var problem = await (await admin.PostAsync("/api/deals", new
        {
            pipelineId = pipeline.Id, stageId = pipeline.First, contacts = new[] { new { contactId = doomed } },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("contacts[0].contactId"));
    }
}
