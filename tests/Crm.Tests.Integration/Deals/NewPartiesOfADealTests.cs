using System.Net;
using Crm.Tests.Integration.Directory;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// A contact or company typed into a deal goes through the same duplicate rules as «Списки» (issue 9,
/// found 4): it is created by Directory's own POST, which offers the existing record, and the deal then
/// refers to the record by id. Deals itself creates nothing in the Lists.
/// </summary>
public sealed class NewPartiesOfADealTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task A_contact_typed_into_a_deal_with_a_known_phone_makes_no_second_contact_and_the_existing_one_is_offered()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var mobile = DirectoryKit.NewMobile();
        var existing = await admin.CreateContactAsync(new
        {
            fullName = "Иван Петров",
            phones = new[] { new { number = $"+7 {mobile[..3]} {mobile[3..6]}-{mobile[6..8]}-{mobile[8..]}", type = "mobile" } },
        });
        var typed = $"8 {mobile[..3]} {mobile[3..6]} {mobile[6..8]} {mobile[8..]}";

        // The deal form sending the new contact inline, as it did: no contact may appear behind the Lists' back.
        var inline = await admin.PostAsync("/api/deals", new
        {
            pipelineId = pipeline.Id, stageId = pipeline.First, name = "Шины", contacts = new[] { new { name = "Петров И.", phone = typed } },
        });
        await using (var db = await app.OpenDatabaseAsync())
        {
            await Eventually.TrueAsync(() => BusState.AllDeliveredAsync(db), "every event delivered");
            Assert.Equal(1, await db.ExecuteScalarAsync<int>(
                """
                select count(*) from directory.contact_phones p join directory.contacts c on c.id = p.contact_id
                where p.number = @Number and c.deleted_at is null
                """,
                new { Number = $"+7{mobile}" }));
        }
        var refused = await inline.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Выберите контакт из Списков или добавьте его туда"], refused.FieldErrors("contacts[0].contactId"));

        // What the form does now: the new contact goes to the Lists first, which offer the existing one...
        var conflict = await (await admin.PostAsync("/api/directory/contacts", new
        {
            fullName = "Петров И.", phones = new[] { new { number = typed, type = "mobile" } },
        })).ProblemAsync(HttpStatusCode.Conflict);
        var offered = Assert.Single(conflict.GetProperty("duplicates").EnumerateArray());
        Assert.Equal(existing.Id(), offered.Id());
        Assert.Equal("Иван Петров", offered.Text("name"));

        // ...and the user takes it: the deal refers to it, under its name in the Lists.
        var deal = await admin.CreateDealAsync(pipeline, new { name = "Шины", contacts = new[] { new { contactId = existing.Id() } } });
        Assert.Equal([(existing.Id(), "Иван Петров", true)], deal.Contacts().Select(c => (c.Id!.Value, c.Name, c.IsMain)));
    }

    [Fact]
    public async Task A_contact_whose_event_Deals_has_not_taken_yet_is_waited_for_instead_of_400()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var contactId = Guid.CreateVersion7();

        // Hold Deals' lane for this contact: an earlier delivery of the same aggregate, claimed by a transaction
        // that stays open, keeps the contact's ContactCreated waiting in line.
        await using var holder = await app.OpenDatabaseAsync();
        await holder.ExecuteAsync(
            "insert into bus.deliveries (event_id, handler, event_type, aggregate_id) values (@EventId, 'Deals.OnContactCreated', 'Held.ByTheTest', @contactId)",
            new { EventId = Guid.NewGuid(), contactId });
        var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("select 1 from bus.deliveries where aggregate_id = @contactId for update", new { contactId }, hold);

        await app.PublishAsync(new Crm.Modules.Directory.Contracts.ContactCreated(DealsKit.ContactState(contactId, 1, "Только что из Списков"), Guid.NewGuid()));
        var creating = admin.PostAsync("/api/deals", new
        {
            pipelineId = pipeline.Id, stageId = pipeline.First, contacts = new[] { new { contactId } },
        });
        await using (var db = await app.OpenDatabaseAsync())
        {
            await Eventually.TrueAsync(async () => await db.ExecuteScalarAsync<bool>(
                "select exists (select 1 from bus.deliveries where aggregate_id = @contactId and event_type like '%ContactCreated')", new { contactId }),
                "the contact's event is committed");
            Assert.False(await db.ExecuteScalarAsync<bool>("select exists (select 1 from deals.contacts where id = @contactId)", new { contactId }));
        }

        await holder.ExecuteAsync("delete from bus.deliveries where aggregate_id = @contactId and event_type = 'Held.ByTheTest'", new { contactId }, hold);
        await hold.CommitAsync();

        var deal = await (await creating).JsonAsync(HttpStatusCode.Created);
        Assert.Equal([(contactId, "Только что из Списков", true)], deal.Contacts().Select(c => (c.Id!.Value, c.Name, c.IsMain)));
    }

    [Fact]
    public async Task A_company_nobody_announced_is_still_not_found_at_once()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = pipeline.First, companyId = Guid.NewGuid() }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Такой компании нет в Списках"], problem.FieldErrors("companyId"));
    }
}
