using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Inbox;

/// <summary>
/// Accepting a request opens its deal for the acceptor, with the contact and company filed in the Lists;
/// of many accepting at once exactly one wins; declined requests are restored by admins only.
/// </summary>
public sealed class AcceptRequestTests(CrmApp app) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task Accepted_the_deal_opens_at_once_in_the_first_open_stage_the_acceptors_with_the_contact_and_company_filed()
    {
        var pipeline = await app.SalesPipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var request = await manager.SubmitAsync(pipeline, new
        {
            ContactName = "Ольга Смирнова", Phones = Array.Empty<string>(), Emails = new[] { "olga@smirnova.ru" }, CompanyName = $"ООО Ромашка {Guid.NewGuid():N}"[..20], Subject = "Кресла в офис",
        });
        var id = request.IdOf("id");

        var accepted = await (await manager.PostAsync($"/api/inbox/requests/{id}/accept")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, accepted.IdOf("dealId"));
        Assert.Equal("accepted", accepted.GetProperty("request").Str("status"));
        Assert.Equal(managerId, accepted.GetProperty("request").IdOf("decidedBy"));

        // Read at once: the card opened right after «Принять» finds the deal (read-your-writes).
        var deal = await (await manager.GetAsync($"/api/deals/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(pipeline.FirstOpen, deal.GetProperty("stageId").GetGuid());
        Assert.Equal(managerId, deal.GetProperty("responsibleId").GetGuid());
        Assert.Equal("Кресла в офис", deal.Text("name"));

        JsonElement linked = default;
        await Eventually.TrueAsync(async () =>
        {
            linked = await (await manager.GetAsync($"/api/deals/{id}")).JsonAsync(HttpStatusCode.OK);
            return linked.GetProperty("companyId").ValueKind != JsonValueKind.Null && linked.GetProperty("contacts").GetArrayLength() == 1;
        }, "the deal linked to the filed contact and company");
        var contactId = linked.GetProperty("contacts")[0].GetProperty("contactId").GetGuid();
        var contact = await (await manager.GetAsync($"/api/directory/contacts/{contactId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Ольга Смирнова", contact.Text("fullName"));
        Assert.Equal(managerId, contact.GetProperty("responsibleId").GetGuid());
        Assert.Equal("olga@smirnova.ru", contact.GetProperty("emails")[0].Text("address"));
        Assert.Equal(linked.GetProperty("companyId").GetGuid(), contact.GetProperty("companyId").GetGuid());
        var company = await (await manager.GetAsync($"/api/directory/companies/{linked.GetProperty("companyId").GetGuid()}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(managerId, company.GetProperty("responsibleId").GetGuid());

        var read = await (await manager.GetAsync($"/api/inbox/requests/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("accepted", read.Str("status"));
        Assert.Equal(id, read.IdOf("dealId"));
        var listed = await (await manager.GetAsync($"/api/inbox/requests?pipelineId={pipeline.Id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_known_phone_links_the_existing_contact_and_a_known_company_name_the_existing_company()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var companyName = $"Вектор {Guid.NewGuid():N}"[..16];
        var company = await (await admin.PostAsync("/api/directory/companies", new { name = companyName })).JsonAsync(HttpStatusCode.Created);
        var phone = $"+7 912 {Random.Shared.Next(100, 999)}-{Random.Shared.Next(10, 99)}-{Random.Shared.Next(10, 99)}";
        var existing = await (await admin.PostAsync("/api/directory/contacts", new { fullName = "Пётр Иванов", phones = new[] { new { number = phone, type = "mobile" } } }))
            .JsonAsync(HttpStatusCode.Created);
        var (manager, _) = await app.UserAsync();
        var request = await manager.SubmitAsync(pipeline, new { ContactName = "Петя", Phones = new[] { phone }, CompanyName = companyName.ToUpperInvariant() });

        await (await manager.PostAsync($"/api/inbox/requests/{request.IdOf("id")}/accept")).JsonAsync(HttpStatusCode.OK);
        JsonElement deal = default;
        await Eventually.TrueAsync(async () =>
        {
            deal = await (await manager.GetAsync($"/api/deals/{request.IdOf("id")}")).JsonAsync(HttpStatusCode.OK);
            return deal.GetProperty("contacts").GetArrayLength() == 1;
        }, "the deal linked to the contact");
        Assert.Equal(existing.IdOf("id"), deal.GetProperty("contacts")[0].GetProperty("contactId").GetGuid());
        Assert.Equal(company.IdOf("id"), deal.GetProperty("companyId").GetGuid());
        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(1, await db.ExecuteScalarAsync<int>(
            "select count(*) from directory.contact_phones p join directory.contacts c on c.id = p.contact_id where p.number = @Number and c.deleted_at is null",
            new { Number = "+7912" + new string(phone.Where(char.IsDigit).Skip(4).ToArray()) }));
    }

    [Fact]
    public async Task Of_many_managers_accepting_at_once_exactly_one_gets_the_deal_and_the_others_hear_who()
    {
        var pipeline = await app.SalesPipelineAsync();
        var managers = new List<(CrmClient Client, Guid Id)>();
        for (var i = 0; i < 8; i++)
        {
            managers.Add(await app.UserAsync());
        }
        var request = await managers[0].Client.SubmitAsync(pipeline);
        var id = request.IdOf("id");

        var answers = await Task.WhenAll(managers.Select(m => m.Client.PostAsync($"/api/inbox/requests/{id}/accept")));

        var winner = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        var winnerId = (await winner.JsonAsync(HttpStatusCode.OK)).GetProperty("request").IdOf("decidedBy");
        foreach (var lost in answers.Where(a => a != winner))
        {
            var problem = await lost.ProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal(winnerId, problem.IdOf("decidedBy"));
            Assert.StartsWith("Заявку уже принял(а) Manager", problem.Str("detail"));
        }
        await (await managers[0].Client.GetAsync($"/api/deals/{id}")).JsonAsync(HttpStatusCode.OK);
        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("select count(*) from deals.deals where id = @id", new { id }));
        Assert.Single(await app.InboxOutboxAsync("InboxRequestAccepted", id));
    }

    [Fact]
    public async Task Declined_with_a_reason_it_cannot_be_accepted_and_only_an_admin_restores_it()
    {
        var pipeline = await app.SalesPipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var request = await manager.SubmitAsync(pipeline);
        var id = request.IdOf("id");

        var declined = await (await manager.PostAsync($"/api/inbox/requests/{id}/decline", new { reason = "  Спам " })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("declined", declined.Str("status"));
        Assert.Equal("Спам", declined.Str("declineReason"));
        Assert.Equal(managerId, declined.IdOf("decidedBy"));

        var late = await (await manager.PostAsync($"/api/inbox/requests/{id}/accept")).ProblemAsync(HttpStatusCode.Conflict);
        Assert.StartsWith("Заявку уже отклонил(а)", late.Str("detail"));
        await (await manager.PostAsync($"/api/inbox/requests/{id}/decline")).ProblemAsync(HttpStatusCode.Conflict);
        var list = await (await manager.GetAsync($"/api/inbox/requests?status=declined&pipelineId={pipeline.Id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([id], list.GetProperty("items").EnumerateArray().Select(r => r.IdOf("id")));

        await (await manager.PostAsync($"/api/inbox/requests/{id}/restore")).ProblemAsync(HttpStatusCode.Forbidden);
        using var admin = await app.SignedInAsync();
        var restored = await (await admin.PostAsync($"/api/inbox/requests/{id}/restore")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("new", restored.Str("status"));
        Assert.Null(restored.Str("declineReason"));
        await (await admin.PostAsync($"/api/inbox/requests/{id}/restore")).ProblemAsync(HttpStatusCode.Conflict);

        await (await manager.PostAsync($"/api/inbox/requests/{id}/accept")).JsonAsync(HttpStatusCode.OK);
        await (await manager.PostAsync($"/api/inbox/requests/{Guid.NewGuid()}/accept")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_open_board_sees_a_request_arrive_and_leave()
    {
        var pipeline = await app.SalesPipelineAsync();
        await using var board = await HubListener.ConnectAsync(app, CrmApp.AdminEmail, CrmApp.AdminPassword, "requestChanged", $"pipeline:{pipeline.Id}");
        var (manager, _) = await app.UserAsync();
        var request = await manager.SubmitAsync(pipeline);

        var arrived = await board.NextAsync(m => m.IdOf("requestId") == request.IdOf("id"));
        Assert.Equal("new", arrived.Str("status"));
        Assert.Equal("Иван Петров", arrived.GetProperty("request").Str("contactName"));
        await (await manager.PostAsync($"/api/inbox/requests/{request.IdOf("id")}/accept")).JsonAsync(HttpStatusCode.OK);
        var left = await board.NextAsync(m => m.IdOf("requestId") == request.IdOf("id") && m.Str("status") != "new");
        Assert.Equal("accepted", left.Str("status"));
    }

    [Fact]
    public async Task No_deal_may_be_added_to_or_moved_into_unsorted()
    {
        var pipeline = await app.SalesPipelineAsync();
        using var admin = await app.SignedInAsync();
        var problem = await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = pipeline.Unsorted, name = "Мимо" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["В «Неразобранное» попадают только заявки: выберите другой этап"], problem.FieldErrors("stageId"));
        var deal = await (await admin.PostAsync("/api/deals", new { pipelineId = pipeline.Id, stageId = pipeline.FirstOpen })).JsonAsync(HttpStatusCode.Created);
        await (await admin.PostAsync($"/api/deals/{deal.Id()}/stage", new { stageId = pipeline.Unsorted })).ProblemAsync(HttpStatusCode.BadRequest);
    }
}
