using System.Net;
using System.Text.Json;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Directory.Contracts;
using Crm.Modules.Tasks.Common;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Directory;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tasks;

/// <summary>
/// The tasks table «как в Excel» (ListTaskTable, Common/TaskTableQuery): every kind of column filter and
/// the ready filters against real tasks, and keyset pages that walk each sort in the database's own
/// order, ties included, stable while tasks are added.
/// </summary>
public sealed class TaskTableTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static string F(string column, string expression) => $"f.{column}={Uri.EscapeDataString(expression)}";

    private static async Task<JsonElement> PageAsync(CrmClient client, string query) =>
        await (await client.GetAsync($"/api/tasks?{query}")).JsonAsync(HttpStatusCode.OK);

    /// <summary>
    /// The texts (after the tag) of the tasks the table answers, by due time: this test's tasks (by the tag,
    /// unless the filters are on the text: then words no other test of the class uses).
    /// </summary>
    private static async Task<List<string>> TextsAsync(CrmClient client, string tag, string filters)
    {
        var narrow = filters.Contains("f.text=", StringComparison.Ordinal) ? "" : $"&{F("text", "~" + tag)}";
        var page = await PageAsync(client, $"sort=due{narrow}{(filters.Length == 0 ? "" : "&" + filters)}");
        var texts = page.Items().Select(i => i.Text("text")[(tag.Length + 1)..]).ToList();
        Assert.Equal(texts.Count, page.GetProperty("total").GetInt64());
        return texts;
    }

    private async Task<Guid> CompanyAsync(string name)
    {
        var id = Guid.CreateVersion7();
        IntegrationEvent created = new CompanyCreated(DealsKit.CompanyState(id, 1, name), await app.AdminIdAsync());
        await app.PublishAsync(created);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<bool>("select exists (select 1 from tasks.companies where id = @id)", new { id });
        }, "Tasks' copy of the company");
        return id;
    }

    private static async Task CompleteAsync(CrmClient client, Guid taskId, string result) =>
        await (await client.PostAsync($"/api/tasks/{taskId}/complete", new { result })).JsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task Every_filter_kind_selects_its_tasks_and_a_bad_filter_is_a_400_on_its_parameter()
    {
        var tag = DirectoryKit.Unique("Столбцы");
        var (manager, managerId) = await app.TaskUserAsync();
        var (colleague, colleagueId) = await app.TaskUserAsync();
        var dealId = await app.DealAsync(managerId, "Поставка ёлок");
        var companyId = await CompanyAsync("ООО «Берёза»");
        var now = app.Clock.GetUtcNow();

        var call = await manager.CreateTaskAsync(new
        {
            typeId = TasksKit.Call, text = $"{tag} Позвонить Ёлкину", dueAt = now.AddDays(1), linkKind = "deal", linkId = dealId,
        });
        var meeting = await manager.CreateTaskAsync(new
        {
            typeId = TasksKit.Meeting, text = $"{tag} Встреча", dueAt = now.AddDays(2), responsibleId = colleagueId, linkKind = "company", linkId = companyId,
        });
        await colleague.CreateTaskAsync(new { typeId = TasksKit.Other, text = $"{tag} Письмо", dueAt = now.AddDays(3), responsibleId = managerId });
        await CompleteAsync(colleague, meeting.Id(), "Договорились о ПОСТАВКЕ");

        Assert.Equal(["Позвонить Ёлкину", "Встреча", "Письмо"], await TextsAsync(manager, tag, ""));
        // text: any case, «ё» = «е»
        Assert.Equal(["Позвонить Ёлкину"], await TextsAsync(manager, tag, F("text", "~ЕЛКИН")));
        Assert.Equal(["Позвонить Ёлкину"], await TextsAsync(colleague, tag, $"{F("text", "~ёлкин")}"));
        Assert.Equal(["Встреча"], await TextsAsync(manager, tag, F("type", $"in:{TasksKit.Meeting}")));
        Assert.Equal(["Позвонить Ёлкину", "Письмо"], await TextsAsync(manager, tag, F("type", $"in:{TasksKit.Call},{TasksKit.Other}")));
        Assert.Equal(["Встреча"], await TextsAsync(manager, tag, F("responsible", $"in:{colleagueId}")));
        Assert.Equal(["Письмо"], await TextsAsync(manager, tag, F("author", $"in:{colleagueId}")));
        Assert.Equal(["Позвонить Ёлкину"], await TextsAsync(manager, tag, F("due", $"..{now.AddDays(1.5).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}")));
        Assert.Equal(["Встреча", "Письмо"], await TextsAsync(manager, tag, F("due", $"{now.AddDays(1.5).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}..")));
        Assert.Equal(["Встреча"], await TextsAsync(manager, tag, F("due", $"{now.AddDays(2).UtcDateTime:yyyy-MM-dd}..{now.AddDays(2).UtcDateTime:yyyy-MM-dd}")));
        // completed: empty is still open
        Assert.Equal(["Позвонить Ёлкину", "Письмо"], await TextsAsync(manager, tag, F("completed", "empty")));
        Assert.Equal(["Встреча"], await TextsAsync(manager, tag, F("completed", "!empty")));
        Assert.Equal(["Встреча"], await TextsAsync(manager, tag, F("completed", $"{now.AddMinutes(-1).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}..")));
        Assert.Equal(3, (await TextsAsync(manager, tag, F("created", $"{now.AddMinutes(-1).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}.."))).Count);
        Assert.Empty(await TextsAsync(manager, tag, F("created", "..2000-01-01")));
        Assert.Equal(3, (await TextsAsync(manager, tag, F("updated", $"{now.UtcDateTime:yyyy-MM-dd}.."))).Count);
        // the link's kind (words) and the linked record's name, from Tasks' own copies
        Assert.Equal(["Позвонить Ёлкину"], await TextsAsync(manager, tag, F("link", "in:deal")));
        Assert.Equal(["Встреча"], await TextsAsync(manager, tag, F("link", "in:company,contact")));
        Assert.Equal(["Письмо"], await TextsAsync(manager, tag, F("link", "empty")));
        Assert.Equal(["Встреча"], await TextsAsync(manager, tag, F("linkName", "~березА")));
        Assert.Equal(["Позвонить Ёлкину"], await TextsAsync(manager, tag, F("linkName", "~ЕЛОК")));
        Assert.Equal(["Письмо"], await TextsAsync(manager, tag, F("linkName", "empty")));
        Assert.Equal(["Встреча"], await TextsAsync(manager, tag, F("result", "~поставке")));
        Assert.Equal(["Позвонить Ёлкину", "Письмо"], await TextsAsync(manager, tag, F("result", "empty")));
        // two filters together, and what looks like SQL is only a value
        Assert.Equal(["Встреча"], await TextsAsync(manager, tag, $"{F("link", "!empty")}&{F("completed", "!empty")}"));
        Assert.Empty(await TextsAsync(manager, tag, F("linkName", "~'); drop table tasks.tasks; --")));
        // an item is a whole task, as the organizer shows it
        var item = (await PageAsync(manager, $"{F("text", "~" + tag)}&{F("link", "in:deal")}")).Items().Single();
        Assert.Equal("Поставка ёлок", item.GetProperty("link").GetProperty("name").GetString());
        Assert.Equal(call.Id(), item.Id());

        foreach (var (parameter, query) in new[]
                 {
                     ("f.x", F("x", "~a")), ("f.due", F("due", "завтра")), ("f.type", F("type", "in:нет")), ("f.text", F("text", "слово")),
                     ("f.link", F("link", "in:deal,lead")), ("f.due", F("due", "empty")), ("f.cf.1", F("cf.1", "~a")),
                     ("sort", "sort=responsibleName"), ("ready", "ready=tomorrow"), ("view", "view=week&sort=due"), ("after", "sort=due&after=abc"),
                     ("limit", "sort=due&limit=201"),
                 })
        {
            var problem = await (await manager.GetAsync($"/api/tasks?{query}")).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotEmpty(problem.FieldErrors(parameter));
        }
        // the organizer answers as before
        Assert.Contains(call.Id(), (await PageAsync(manager, $"view=range&from={Uri.EscapeDataString(now.ToString("O"))}&to={Uri.EscapeDataString(now.AddDays(2).ToString("O"))}&responsibleId={managerId}")).Ids());
    }

    [Fact]
    public async Task Ready_filters_take_today_and_this_week_in_the_callers_time_zone()
    {
        var tag = DirectoryKit.Unique("Готовые");
        var (manager, managerId) = await app.TaskUserAsync();
        await app.SetZoneAsync(manager, managerId, "Asia/Yekaterinburg");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Yekaterinburg");
        var lastWeek = await manager.CreateCallAsync(app, TimeSpan.FromHours(1), text: $"{tag} прошлая неделя");
        await CompleteAsync(manager, lastWeek.Id(), "Сделано давно");
        app.Clock.Advance(TimeSpan.FromDays(8));
        // 01:00 at UTC+5 is 20:00 UTC of the day before: a UTC "today" would be another day
        var now = app.MoveClockTo("Asia/Yekaterinburg", new TimeOnly(1, 0));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        Assert.NotEqual(today, DateOnly.FromDateTime(now.UtcDateTime));
        DateTimeOffset Local(DateOnly day, int hour, int minute) => new(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(5));

        async Task<Guid> TaskAsync(string text, DateTimeOffset dueAt) =>
            (await manager.CreateTaskAsync(new { typeId = TasksKit.Call, text = $"{tag} {text}", dueAt })).Id();
        await TaskAsync("вчера вечером", Local(today.AddDays(-1), 23, 0));
        await TaskAsync("сегодня ночью", Local(today, 0, 30));
        await TaskAsync("сегодня вечером", Local(today, 23, 30));
        await TaskAsync("завтра ночью", Local(today.AddDays(1), 0, 30));
        var done = await TaskAsync("сделанная", Local(today, 12, 0));
        await CompleteAsync(manager, done, "Готово");

        Assert.Equal(["вчера вечером", "сегодня ночью"], await TextsAsync(manager, tag, "ready=overdue"));
        Assert.Equal(["сегодня ночью", "сегодня вечером"], await TextsAsync(manager, tag, "ready=today"));
        Assert.Equal(["сделанная"], await TextsAsync(manager, tag, "ready=done-this-week"));
        // a ready filter and a column filter together
        Assert.Equal(["сегодня вечером"], await TextsAsync(manager, tag, $"ready=today&{F("text", "~вечером")}"));
    }

    /// <summary>Every sort, walked a few rows at a time, and the order PostgreSQL gives the same tasks.</summary>
    public static TheoryData<string, string> Sorts => new()
    {
        { "due", "t.due_at, t.id" },
        { "-due", "t.due_at desc, t.id desc" },
        { "created", "t.created_at, t.id" },
        { "-updated", "t.updated_at desc, t.id desc" },
        { "completed", "t.completed_at nulls last, t.id" },
        { "-completed", "t.completed_at desc nulls last, t.id desc" },
        { "text", "t.search, t.id" },
        { "-text", "t.search desc, t.id desc" },
        { "type", "ty.position, t.type_id, t.due_at, t.id" },
        { "-type", "ty.position desc, t.type_id desc, t.due_at desc, t.id desc" },
    };

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task A_keyset_walk_of_every_sort_equals_the_sql_order_with_ties(string sort, string order)
    {
        var tag = DirectoryKit.Unique("Порядок");
        var (manager, _) = await app.TaskUserAsync();
        var due = app.Clock.GetUtcNow().AddDays(1);
        var types = new[] { TasksKit.Call, TasksKit.Meeting, TasksKit.Other };
        for (var i = 0; i < 14; i++)
        {
            // due times, texts and types repeat; tasks created at one clock time tie on created and updated
            var task = await manager.CreateTaskAsync(new { typeId = types[i % 3], text = $"{tag} {(char)('а' + i % 4)}", dueAt = due.AddHours(i / 3) });
            if (i % 3 == 1)
            {
                await CompleteAsync(manager, task.Id(), "Готово");
            }
            if (i % 5 == 0)
            {
                app.Clock.Advance(TimeSpan.FromMinutes(1));
            }
        }

        var walked = await WalkAsync(manager, tag, sort, 4);
        Assert.Equal(await SqlOrderAsync(tag, order), walked);
    }

    [Fact]
    public async Task A_walk_stays_in_order_while_tasks_are_added_and_a_cursor_of_another_sort_is_refused()
    {
        var tag = DirectoryKit.Unique("Вставки");
        var (manager, _) = await app.TaskUserAsync();
        var due = app.Clock.GetUtcNow().AddDays(1);
        for (var i = 0; i < 9; i++)
        {
            await manager.CreateTaskAsync(new { typeId = TasksKit.Call, text = $"{tag} {i}", dueAt = due.AddHours(i) });
        }
        var first = await PageAsync(manager, $"sort=due&limit=4&{F("text", "~" + tag)}");
        Assert.Equal(9, first.GetProperty("total").GetInt64());
        var cursor = first.Text("nextCursor");
        // one task lands before the cursor (the walk does not see it), one after (it does)
        await manager.CreateTaskAsync(new { typeId = TasksKit.Call, text = $"{tag} раньше", dueAt = due.AddMinutes(30) });
        await manager.CreateTaskAsync(new { typeId = TasksKit.Call, text = $"{tag} позже", dueAt = due.AddHours(6).AddMinutes(30) });
        var texts = first.Items().Select(i => i.Text("text")[(tag.Length + 1)..]).ToList();
        string? after = cursor;
        while (after is not null)
        {
            var page = await PageAsync(manager, $"sort=due&limit=4&{F("text", "~" + tag)}&after={after}");
            Assert.False(page.TryGetProperty("total", out var total) && total.ValueKind != JsonValueKind.Null);
            texts.AddRange(page.Items().Select(i => i.Text("text")[(tag.Length + 1)..]));
            after = page.GetProperty("nextCursor").GetString();
        }
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "позже", "7", "8"], texts);

        var problem = await (await manager.GetAsync($"/api/tasks?sort=created&after={cursor}")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("after"));
    }

    [Theory]
    [InlineData("text", "t.search, t.id")]
    [InlineData("-text", "t.search desc, t.id desc")]
    [InlineData("due", "t.due_at, t.id")]
    public async Task A_page_is_one_statement_and_its_cursor_is_read_with_it(string sort, string order)
    {
        var tag = DirectoryKit.Unique("Одним");
        var (manager, _) = await app.TaskUserAsync();
        var due = app.Clock.GetUtcNow().AddDays(1);
        foreach (var text in new[] { "Ёлка", "елка", "Береза", "ёлка", "Акация", "Береза", "Вяз" })
        {
            await manager.CreateTaskAsync(new { typeId = TasksKit.Call, text = $"{tag} {text}", dueAt = due });
        }
        await using var db = await app.OpenDatabaseAsync();
        var filters = new Dictionary<string, string> { ["text"] = "~" + tag };
        var walked = new List<Guid>();
        TableCursor? after = null;
        do
        {
            var table = new TaskTableQuery(sort, null, filters, app.Clock.GetUtcNow(), UserZone.Of(null, null));
            List<TaskTableQuery.Paged> rows = [];
            TableCursor? next = null;
            var statements = await StatementLog.OfAsync(async () =>
            {
                rows = await table.PageAsync(db, after, 2);
                next = rows.Count > 2 ? table.CursorAfter(rows[1]) : null;
            });

            Assert.Single(statements);
            walked.AddRange(rows.Take(2).Select(r => r.Row.Id));
            after = next;
        }
        while (after is not null);
        Assert.Equal(await SqlOrderAsync(tag, order), walked);
    }

    private static async Task<List<Guid>> WalkAsync(CrmClient client, string tag, string sort, int limit)
    {
        var ids = new List<Guid>();
        string? after = null;
        do
        {
            var page = await PageAsync(client, $"sort={sort}&limit={limit}&{F("text", "~" + tag)}{(after is null ? "" : $"&after={after}")}");
            ids.AddRange(page.Ids());
            after = page.GetProperty("nextCursor").GetString();
        }
        while (after is not null);
        return ids;
    }

    private async Task<List<Guid>> SqlOrderAsync(string tag, string order)
    {
        await using var db = await app.OpenDatabaseAsync();
        return (await db.QueryAsync<Guid>(
            $"select t.id from tasks.tasks t join tasks.task_types ty on ty.id = t.type_id where t.search like @Pattern order by {order}",
            new { Pattern = $"%{tag.ToLowerInvariant()}%" })).ToList();
    }
}
