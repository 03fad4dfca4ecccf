using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Directory;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tasks;

/// <summary>
/// GET /api/tasks/search, Tasks' part of the global search: a substring of the task's text or of its
/// linked record's name, any case, Cyrillic and Latin, «ё» = «е», open tasks first.
/// </summary>
public sealed class SearchTasksTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static async Task<IReadOnlyList<JsonElement>> SearchAsync(CrmClient client, string q, int? limit = null) =>
        (await (await client.GetAsync($"/api/tasks/search?q={Uri.EscapeDataString(q)}{(limit is null ? "" : $"&limit={limit}")}"))
            .JsonAsync(HttpStatusCode.OK)).Items();

    [Fact]
    public async Task Finds_by_text_and_by_the_linked_deals_name_in_any_case_with_yo_as_ye_open_first()
    {
        var tag = DirectoryKit.Unique("поиск")[^8..];
        var (manager, managerId) = await app.TaskUserAsync();
        var dealId = await app.DealAsync(managerId, $"Поставка Ёлочных игрушек {tag}");
        var onDeal = await manager.CreateCallAsync(app, TimeSpan.FromDays(3), dealId, text: "Позвонить закупщику");
        var volume = await manager.CreateCallAsync(app, TimeSpan.FromDays(2), text: $"Уточнить объём {tag}");
        var latin = await manager.CreateCallAsync(app, TimeSpan.FromDays(1), text: $"Call Mr. SMITH {tag}");
        var done = await manager.CreateCallAsync(app, TimeSpan.FromHours(1), text: $"Отгрузка ёлок {tag}");
        await (await manager.PostAsync($"/api/tasks/{done.Id()}/complete", new { result = "Отгружено" })).JsonAsync(HttpStatusCode.OK);

        // the linked deal's name, typed in capitals with «е» for «ё»
        var found = (await SearchAsync(manager, $"ЕЛОЧНЫХ ИГРУШЕК {tag.ToUpperInvariant()}")).Single();
        Assert.Equal(onDeal.Id(), found.Id());
        Assert.Equal("Позвонить закупщику", found.Text("text"));
        Assert.Equal("deal", found.Text("linkKind"));
        Assert.Equal(dealId, found.GetProperty("linkId").GetGuid());
        Assert.Equal($"Поставка Ёлочных игрушек {tag}", found.Text("linkName"));
        Assert.Equal(managerId, found.GetProperty("responsibleId").GetGuid());
        Assert.Equal(JsonValueKind.Null, found.GetProperty("completedAt").ValueKind);

        Assert.Equal([volume.Id()], (await SearchAsync(manager, $"объем {tag}")).Select(i => i.Id()));
        Assert.Equal([volume.Id()], (await SearchAsync(manager, $"ОБЪЁМ {tag}")).Select(i => i.Id()));
        Assert.Equal([latin.Id()], (await SearchAsync(manager, $"mr. smith {tag}")).Select(i => i.Id()));
        var noLink = (await SearchAsync(manager, $"mr. smith {tag}")).Single();
        Assert.Equal(JsonValueKind.Null, noLink.GetProperty("linkKind").ValueKind);

        // the tag is in every text but the one on the deal, whose deal's name holds it: open first by due, the done one last
        var all = await SearchAsync(manager, tag);
        Assert.Equal([latin.Id(), volume.Id(), onDeal.Id(), done.Id()], all.Select(i => i.Id()));
        Assert.NotEqual(JsonValueKind.Null, all[^1].GetProperty("completedAt").ValueKind);
        Assert.Equal([latin.Id(), volume.Id()], (await SearchAsync(manager, tag, 2)).Select(i => i.Id()));
        // «%» and «_» are plain characters
        Assert.Empty(await SearchAsync(manager, $"%{tag}_"));
    }

    /// <summary>
    /// The linked company's or contact's name finds their tasks, open by due first then the done ones latest
    /// due first, when they are the first due and when a thousand tasks are due before them: the same answer.
    /// The rows are written as Tasks writes them: the link's folded name from its copy (link_search).
    /// </summary>
    [Fact]
    public async Task A_linked_companys_or_contacts_name_finds_their_tasks_open_by_due_then_done_among_the_first_due_and_past_them()
    {
        var tag = DirectoryKit.Unique("кедр")[^8..];
        var (manager, managerId) = await app.TaskUserAsync();
        Guid company = Guid.NewGuid(), contact = Guid.NewGuid(), onCompany = Guid.NewGuid(), onContact = Guid.NewGuid();
        const string Insert =
            """
            insert into tasks.tasks (id, type_id, text, due_at, all_day, responsible_id, author_id, created_at, updated_at, remind_at, link_kind, link_id,
                                     completed_at, completed_by, result, link_search)
            select coalesce(@Id, gen_random_uuid()), @Type, @Text, @Due + g * interval '1 minute', false, @User, @User, now(), now(),
                   @Due + g * interval '1 minute', @Kind, @Link, case when @Done then now() end, case when @Done then @User end, case when @Done then 'Готово' end,
                   coalesce(case @Kind when 'company' then (select search from tasks.companies where id = @Link)
                                       when 'contact' then (select search from tasks.contacts where id = @Link) end, '')
            from generate_series(1, @Count) g
            """;
        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync("insert into tasks.companies (id, name) values (@company, @name)", new { company, name = $"ЗАО «Кедровый бор» {tag}" });
            await db.ExecuteAsync("insert into tasks.contacts (id, name) values (@contact, @name)", new { contact, name = $"Кедрова Анна {tag}" });
            // due before every other task of this class: the first due
            await db.ExecuteAsync(Insert, new { Id = (Guid?)onCompany, Type = TasksKit.Call, Text = "Отправить прайс", Due = new DateTimeOffset(2000, 1, 2, 0, 0, 0, TimeSpan.Zero), User = managerId, Kind = (string?)"company", Link = (Guid?)company, Count = 1, Done = false });
            await db.ExecuteAsync(Insert, new { Id = (Guid?)onContact, Type = TasksKit.Call, Text = "Позвонить", Due = new DateTimeOffset(2000, 1, 3, 0, 0, 0, TimeSpan.Zero), User = managerId, Kind = (string?)"contact", Link = (Guid?)contact, Count = 1, Done = false });
        }
        Guid doneEarly = Guid.NewGuid(), doneLate = Guid.NewGuid();
        await using (var db = await app.OpenDatabaseAsync())
        {
            // done ones, due before and after the open ones: after every open one all the same, the latest due first
            await db.ExecuteAsync(Insert, new { Id = (Guid?)doneEarly, Type = TasksKit.Call, Text = "Отправлено", Due = new DateTimeOffset(1998, 1, 1, 0, 0, 0, TimeSpan.Zero), User = managerId, Kind = (string?)"contact", Link = (Guid?)contact, Count = 1, Done = true });
            await db.ExecuteAsync(Insert, new { Id = (Guid?)doneLate, Type = TasksKit.Call, Text = "Созвонились", Due = new DateTimeOffset(2000, 1, 4, 0, 0, 0, TimeSpan.Zero), User = managerId, Kind = (string?)"company", Link = (Guid?)company, Count = 1, Done = true });
        }
        Assert.Equal([onCompany, onContact, doneLate, doneEarly], (await SearchAsync(manager, tag)).Select(i => i.Id()));
        var found = await SearchAsync(manager, tag, 2);
        Assert.Equal([onCompany, onContact], found.Select(i => i.Id()));
        Assert.Equal(["company", "contact"], found.Select(i => i.Text("linkKind")));
        Assert.Equal($"ЗАО «Кедровый бор» {tag}", found[0].Text("linkName"));

        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync(Insert, new { Id = (Guid?)null, Type = TasksKit.Call, Text = "Ранняя задача", Due = new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero), User = managerId, Kind = (string?)null, Link = (Guid?)null, Count = 1000, Done = false });
        }
        Assert.Equal([onCompany, onContact], (await SearchAsync(manager, tag, 2)).Select(i => i.Id()));
        Assert.Equal([onCompany, onContact, doneLate], (await SearchAsync(manager, tag, 3)).Select(i => i.Id()));
        Assert.Equal([onContact, doneEarly], (await SearchAsync(manager, $"КЕДРОВА АННА {tag.ToUpperInvariant()}")).Select(i => i.Id()));
        // a match never spans the task's text and its link's name
        Assert.Empty(await SearchAsync(manager, "позвонить кедрова"));
        Assert.Empty(await SearchAsync(manager, "позвонитькедрова"));
    }

    [Fact]
    public async Task Wants_a_text_of_1_to_200_characters_and_a_limit_of_1_to_50()
    {
        var (manager, _) = await app.TaskUserAsync();
        foreach (var (query, field) in new[]
                 {
                     ("", "q"), ("q=", "q"), ("q=%20%20", "q"), ($"q={new string('а', 201)}", "q"), ("q=а&limit=0", "limit"), ("q=а&limit=51", "limit"),
                 })
        {
            var problem = await (await manager.GetAsync($"/api/tasks/search?{query}")).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotEmpty(problem.FieldErrors(field));
        }
        await (await manager.GetAsync("/api/tasks/search?q=а&limit=50")).JsonAsync(HttpStatusCode.OK);
        using var anonymous = app.Client();
        await (await anonymous.GetAsync("/api/tasks/search?q=а")).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
