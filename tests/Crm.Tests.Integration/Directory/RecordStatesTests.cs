using System.Net;
using System.Text.Json;
using Crm.Modules.Directory;
using Crm.Modules.Directory.Contracts;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Directory;

/// <summary>
/// Directory's events carry the record's state and version; Deals' and Tasks' copies take a state only
/// when it is newer, so events out of order, twice, or replayed (DirectoryModule.RepublishAsync) leave the newest.
/// </summary>
public sealed class RecordStatesTests(CrmApp app) : IClassFixture<CrmApp>
{
    private sealed record CopyRow(string Name, int Version, bool Deleted);

    private async Task AllDeliveredAsync()
    {
        await using var db = await app.OpenDatabaseAsync();
        await Eventually.TrueAsync(() => BusState.AllDeliveredAsync(db), "every event delivered");
    }

    private async Task<(CopyRow? Deals, CopyRow? Tasks)> CopiesAsync(string kind, Guid id)
    {
        await using var db = await app.OpenDatabaseAsync();
        const string columns = "name as Name, version as Version, deleted as Deleted";
        return (
            await db.QuerySingleOrDefaultAsync<CopyRow>($"select {columns} from deals.{kind} where id = @id", new { id }),
            await db.QuerySingleOrDefaultAsync<CopyRow>($"select {columns} from tasks.{kind} where id = @id", new { id }));
    }

    [Fact]
    public async Task Every_event_carries_the_state_after_the_change_and_a_merge_both_states()
    {
        using var admin = await app.SignedInAsync();
        var survivor = await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Остаётся") });
        var merged = await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Уходит") });
        var contact = await admin.CreateContactAsync(new { fullName = "Сотрудник", companyId = merged.Id() });
        var renamed = await (await admin.PutAsync($"/api/directory/companies/{merged.Id()}", new { name = "Уходит 2", version = 1 }))
            .JsonAsync(HttpStatusCode.OK);

        var created = Assert.Single(await app.DirectoryOutboxAsync("CompanyCreated", merged.Id())).GetProperty("company");
        Assert.Equal(1, created.Version());
        Assert.Equal(merged.Text("name"), created.Text("name"));
        Assert.False(created.GetProperty("deleted").GetBoolean());
        var updated = Assert.Single(await app.DirectoryOutboxAsync("CompanyUpdated", merged.Id())).GetProperty("company");
        Assert.Equal((renamed.Version(), "Уходит 2"), (updated.Version(), updated.Text("name")));
        var contactCreated = Assert.Single(await app.DirectoryOutboxAsync("ContactCreated", contact.Id(), "contact")).GetProperty("contact");
        Assert.Equal(merged.Id(), contactCreated.GetProperty("companyId").GetGuid());

        await (await admin.PostAsync($"/api/directory/companies/{survivor.Id()}/merge", new { mergeId = merged.Id() })).JsonAsync(HttpStatusCode.OK);
        var merge = Assert.Single(await app.DirectoryOutboxAsync("CompanyMerged", merged.Id()));
        Assert.True(merge.GetProperty("company").GetProperty("deleted").GetBoolean());
        Assert.Equal(survivor.Id(), merge.GetProperty("company").GetProperty("mergedInto").GetGuid());
        Assert.Equal(renamed.Version() + 1, merge.GetProperty("company").Version());
        Assert.Equal(survivor.Id(), merge.GetProperty("survivor").GetProperty("companyId").GetGuid());
        Assert.Equal(2, merge.GetProperty("survivor").Version());
        // its contact moved to the survivor: a new state of the contact
        var moved = Assert.Single(await app.DirectoryOutboxAsync("ContactUpdated", contact.Id(), "contact")).GetProperty("contact");
        Assert.Equal((survivor.Id(), 2), (moved.GetProperty("companyId").GetGuid(), moved.Version()));
    }

    [Fact]
    public async Task A_companys_events_out_of_order_and_twice_leave_the_copies_at_the_newest_state()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var company = await admin.CreateCompanyAsync(new { name = "Версия 1" });
        var id = company.Id();
        var deal = await admin.CreateDealAsync(pipeline, new { companyId = id });
        var v2 = await (await admin.PutAsync($"/api/directory/companies/{id}", new { name = "Версия 2", version = 1 })).JsonAsync(HttpStatusCode.OK);
        var v3 = await (await admin.PutAsync($"/api/directory/companies/{id}", new { name = "Версия 3", version = v2.Version() })).JsonAsync(HttpStatusCode.OK);
        await AllDeliveredAsync();
        Assert.Equal((new CopyRow("Версия 3", 3, false), new CopyRow("Версия 3", 3, false)), await CopiesAsync("companies", id));

        // The rename to version 2 delivered again (the inbox stops it), and its state arriving late as a new event.
        var second = (await app.DirectoryOutboxAsync("CompanyUpdated", id)).Single(e => e.GetProperty("company").Version() == 2);
        await using (var db = await app.OpenDatabaseAsync())
        {
            await BusState.DeliverAgainAsync(db, second.GetProperty("id").GetGuid(), "Deals.OnCompanyUpdated");
            await BusState.DeliverAgainAsync(db, second.GetProperty("id").GetGuid(), "Tasks.OnCompanyUpdated");
        }
        var state = JsonSerializer.Deserialize<CompanyState>(second.GetProperty("company").GetRawText(), JsonSerializerOptions.Web)!;
        await app.PublishAsync(new CompanyUpdated(state, Guid.NewGuid()), new CompanyRepublished(state with { Version = 1, Name = "Версия 1" }));
        await AllDeliveredAsync();
        Assert.Equal((new CopyRow("Версия 3", 3, false), new CopyRow("Версия 3", 3, false)), await CopiesAsync("companies", id));
        var read = await admin.DealAsync(deal.Id());
        Assert.Equal("Версия 3", read.Text("companyName"));
        Assert.Equal(deal.Version(), read.Version());

        // A company heard of newest first: its deletion, then its older states.
        var other = Guid.CreateVersion7();
        await app.PublishAsync(new CompanyDeleted(DealsKit.CompanyState(other, 3, "Удалена", deleted: true), Guid.NewGuid()));
        await app.PublishAsync(
            new CompanyUpdated(DealsKit.CompanyState(other, 2, "Переименована"), Guid.NewGuid()),
            new CompanyCreated(DealsKit.CompanyState(other, 1, "Создана"), Guid.NewGuid()));
        await AllDeliveredAsync();
        Assert.Equal((new CopyRow("Удалена", 3, true), new CopyRow("Удалена", 3, true)), await CopiesAsync("companies", other));
        var refused = await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = pipeline.First, companyId = other }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(refused.FieldErrors("companyId"));

        // Deleted in the Lists; a late rename (an older state) does not bring it back for Deals or Tasks.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/directory/companies/{id}")).StatusCode);
        await app.PublishAsync(new CompanyUpdated(state with { Version = 3, Name = "Поздняя" }, Guid.NewGuid()));
        await AllDeliveredAsync();
        Assert.Equal((new CopyRow("Версия 3", 4, true), new CopyRow("Версия 3", 4, true)), await CopiesAsync("companies", id));
        Assert.Null((await admin.DealAsync(deal.Id())).OptionalGuid("companyId"));
    }

    [Fact]
    public async Task Republishing_fills_empty_copies_with_live_deleted_and_merged_records_and_current_copies_stay()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var live = await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Живая") });
        var gone = await admin.CreateCompanyAsync(new { name = DirectoryKit.Unique("Удалённая") });
        var person = await admin.CreateContactAsync(new { fullName = "Остаётся", companyId = live.Id() });
        var twin = await admin.CreateContactAsync(new { fullName = "Двойник" });
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/directory/companies/{gone.Id()}")).StatusCode);
        await (await admin.PostAsync($"/api/directory/contacts/{person.Id()}/merge", new { mergeId = twin.Id() })).JsonAsync(HttpStatusCode.OK);
        await AllDeliveredAsync();
        var deal = await admin.CreateDealAsync(pipeline, new { companyId = live.Id(), contacts = new[] { new { contactId = person.Id() } } });

        await using var db = await app.OpenDatabaseAsync();
        await db.ExecuteAsync("delete from deals.companies; delete from deals.contacts; delete from tasks.companies; delete from tasks.contacts;");
        var published = await new DirectoryModule().RepublishAsync(app.Factory.Services, CancellationToken.None);
        Assert.True(published >= 4, $"{published} published");
        await AllDeliveredAsync();

        Assert.Equal((new CopyRow(live.Text("name"), 1, false), new CopyRow(live.Text("name"), 1, false)), await CopiesAsync("companies", live.Id()));
        Assert.Equal((new CopyRow(gone.Text("name"), 2, true), new CopyRow(gone.Text("name"), 2, true)), await CopiesAsync("companies", gone.Id()));
        Assert.Equal((new CopyRow("Двойник", 2, true), new CopyRow("Двойник", 2, true)), await CopiesAsync("contacts", twin.Id()));
        Assert.Equal(person.Id(), await db.ExecuteScalarAsync<Guid>("select merged_into from deals.contacts where id = @Id", new { Id = twin.Id() }));
        var (dealsPerson, tasksPerson) = await CopiesAsync("contacts", person.Id());
        Assert.Equal(("Остаётся", false), (dealsPerson!.Name, dealsPerson.Deleted));
        Assert.Equal(dealsPerson, tasksPerson);

        // The deal was current: nothing about it changed, and the filled copy picks the same records again.
        var read = await admin.DealAsync(deal.Id());
        Assert.Equal(deal.Version(), read.Version());
        var again = await admin.CreateDealAsync(pipeline, new { companyId = live.Id(), contacts = new[] { new { contactId = twin.Id() } } });
        Assert.Equal([person.Id()], again.Contacts().Select(c => c.Id!.Value));

        // A second replay writes nothing: every copy already has these versions.
        var before = await db.ExecuteScalarAsync<string>("select string_agg(xmin::text, ',' order by id) from deals.companies");
        await new DirectoryModule().RepublishAsync(app.Factory.Services, CancellationToken.None);
        await AllDeliveredAsync();
        Assert.Equal(before, await db.ExecuteScalarAsync<string>("select string_agg(xmin::text, ',' order by id) from deals.companies"));
    }
}
