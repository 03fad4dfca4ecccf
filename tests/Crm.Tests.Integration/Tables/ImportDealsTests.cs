using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Directory;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tables;

/// <summary>
/// Imports of deals (<c>/api/deals/imports</c>): deals created by Deals' rules, their clients filed by Directory's
/// (a contact that exists by phone or e-mail linked, not doubled; a new one added and linked once Directory has
/// told; a batch's clients filed as a set, each once within a batch and across batches), bad rows reported with their
/// reasons (an unknown stage, the unsorted stage, a budget that is no number, a deadline that is no date, too many
/// tags, a To-Do job without a deadline), tags found or added in the catalog, deadlines read on the importer's clock
/// as the export writes them, a manager's rows for someone else refused, a restart mid-batch resumed without doubles,
/// a cancel.
/// </summary>
public sealed class ImportDealsTests(CrmApp app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<CrmApp>
{
    [Fact]
    public async Task Two_thousand_deals_with_their_clients_are_created_and_linked()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await app.PipelineAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder("Название;Бюджет;Компания;Контакт;Телефон\r\n");
        for (var i = 1; i <= 2_000; i++)
        {
            csv.Append($"Объём {tag} {i};{i * 10};Компания {tag} {i % 20};Клиент {tag} {i};+7 927 {i:D7}\r\n");
        }
        var started = System.Diagnostics.Stopwatch.StartNew();
        var id = await admin.StartDealImportAsync(Csv(csv), pipeline.Id,
            new() { ["name"] = "Название", ["budget"] = "Бюджет", ["company"] = "Компания", ["contact"] = "Контакт", ["phone"] = "Телефон" });
        var ended = await admin.DealImportEndedAsync(id);
        var created = started.Elapsed;
        Assert.Equal(("done", 2_000), (ended.GetProperty("status").GetString(), ended.GetProperty("created").GetInt32()));
        await Eventually.TrueAsync(async () =>
        {
            await using var check = await app.OpenDatabaseAsync();
            var linked = await check.ExecuteScalarAsync<int>(
                "select count(*) from deals.deals where pipeline_id = @Id and contact_id is not null and company_id is not null", new { pipeline.Id });
            output.WriteLine($"{started.Elapsed.TotalSeconds:F1} s: {linked} linked");
            return linked == 2_000;
        }, "every imported deal linked to its contact and company", TimeSpan.FromSeconds(120));
        output.WriteLine($"2,000 deals created in {created.TotalSeconds:F1} s, linked to their clients in {started.Elapsed.TotalSeconds:F1} s");
        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(20, await db.ExecuteScalarAsync<int>("select count(*) from directory.companies where name like @Like", new { Like = $"Компания {tag} %" }));
        Assert.Equal(2_000, await db.ExecuteScalarAsync<int>("select count(*) from directory.contacts where full_name like @Like", new { Like = $"Клиент {tag} %" }));
    }

    [Fact]
    public async Task Deals_are_created_and_their_clients_found_or_added_in_the_lists()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await app.PipelineAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var mobile = DirectoryKit.NewMobile();
        var byPhone = await admin.CreateContactAsync(new { fullName = $"Телефонов {tag}", phones = new[] { new { number = "+7" + mobile, type = "mobile" } } });
        var byEmail = await admin.CreateContactAsync(new { fullName = $"Почтов {tag}", emails = new[] { new { address = $"old-{tag}@mail.ru", type = "work" } } });
        var csv = new StringBuilder("Название;Этап;Бюджет;Компания;Контакт;Телефон;Почта\r\n")
            .Append($"Поставка {tag};Переговоры;1 500,50;Компания {tag};;8 {mobile};\r\n")
            .Append($";;;;Новиков {tag};;new-{tag}@mail.ru\r\n")
            .Append($"Повтор {tag};;;Компания {tag};;;OLD-{tag}@mail.ru\r\n")
            .Append($"Плохой этап {tag};Нет такого;;;;;\r\n")
            .Append($"Плохой бюджет {tag};;много;;;;\r\n")
            .Append($"Неразобранная {tag};Неразобранное;;;;;\r\n");

        var preview = await (await admin.PostDealImportAsync("/api/deals/imports/preview", Csv(csv), pipeline.Id)).JsonAsync(HttpStatusCode.OK);
        var mapping = preview.GetProperty("mapping");
        Assert.Equal("Этап", mapping.GetProperty("stage").GetString());
        Assert.Equal("Почта", mapping.GetProperty("email").GetString());
        Assert.Equal(6, preview.GetProperty("totalRows").GetInt32());
        Assert.Contains("Нет такого", preview.GetProperty("rows")[3].GetProperty("errors")[0].GetString());

        var id = await admin.StartDealImportAsync(Csv(csv), pipeline.Id, JsonSerializer.Deserialize<Dictionary<string, string>>(mapping)!);
        var ended = await admin.DealImportEndedAsync(id);
        Assert.Equal(("done", 3, 3), (ended.GetProperty("status").GetString(), ended.GetProperty("created").GetInt32(), ended.GetProperty("rejected").GetInt32()));
        var reasons = DealImportsKit.Reasons(ended);
        Assert.Contains("«Нет такого»", reasons[5]);
        Assert.Contains("«много»", reasons[6]);
        Assert.Contains("Неразобранное", reasons[7]);

        await using var db = await app.OpenDatabaseAsync();
        var deals = (await db.QueryAsync<(Guid Id, string Name, Guid StageId, decimal? Budget)>(
            "select id, name, stage_id, budget from deals.deals where pipeline_id = @Id order by number", new { pipeline.Id })).ToList();
        Assert.Equal(3, deals.Count);
        Assert.Equal((pipeline.Second, 1500.50m), (deals[0].StageId, deals[0].Budget));
        Assert.StartsWith("Сделка #", deals[1].Name);
        Assert.Equal(pipeline.First, deals[1].StageId);

        await app.WaitForAsync(
            "select count(*) = 3 from deals.deals where pipeline_id = @Id and contact_id is not null", new { pipeline.Id }, "the imported deals linked to their contacts");
        var links = (await db.QueryAsync<(Guid? ContactId, Guid? CompanyId)>(
            "select contact_id, company_id from deals.deals where pipeline_id = @Id order by number", new { pipeline.Id })).ToList();
        Assert.Equal(byPhone.Id(), links[0].ContactId);
        Assert.Equal(byEmail.Id(), links[2].ContactId);
        Assert.NotNull(links[0].CompanyId);
        Assert.Equal(links[0].CompanyId, links[2].CompanyId); // one company of that name, added once
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("select count(*) from directory.companies where name = @Name", new { Name = $"Компания {tag}" }));
        Assert.Equal(1, await db.ExecuteScalarAsync<int>(
            "select count(*) from directory.contacts c join directory.contact_phones p on p.contact_id = c.id where p.number = @Number",
            new { Number = "+7" + mobile }));
        var added = await db.QuerySingleAsync<(Guid Id, string FullName)>(
            "select c.id, c.full_name from directory.contacts c join directory.contact_emails e on e.contact_id = c.id where e.address = @Address",
            new { Address = $"new-{tag}@mail.ru" });
        Assert.Equal((added.Id, $"Новиков {tag}"), (links[1].ContactId!.Value, added.FullName));

        var report = await admin.GetAsync($"/api/deals/imports/{id}/report");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Contains("много", await report.Content.ReadAsStringAsync());

        var remembered = await (await admin.PostDealImportAsync("/api/deals/imports/preview", Csv(new StringBuilder("Почта;Этап\r\nx@y.ru;\r\n")), pipeline.Id))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Почта", remembered.GetProperty("mapping").GetProperty("email").GetString());
    }

    /// <summary>
    /// Batches of two rows: the first two rows share a new phone (written two ways) and make one contact; the third, in
    /// the next batch, names that phone again and is linked to it; the fourth has the phone of a contact the Lists had and
    /// is linked to it. A row without a company takes its contact's; the found contact is not changed (the second row's
    /// e-mail is not added to it). Each added record is told once (its ContactCreated reaches Tasks' copy).
    /// </summary>
    [Fact]
    public async Task A_batch_files_its_clients_as_a_set_a_shared_new_phone_one_contact_a_known_phone_linked()
    {
        await CrmApp.RunAsync(new Dictionary<string, string> { ["Deals:Imports:BatchSize"] = "2" }, async web =>
        {
            using var admin = await web.SignedInAsync();
            var pipeline = await web.PipelineAsync();
            var tag = Guid.NewGuid().ToString("N")[..8];
            var (known, fresh) = (DirectoryKit.NewMobile(), DirectoryKit.NewMobile());
            var existing = (await admin.CreateContactAsync(new { fullName = $"Давний {tag}", phones = new[] { new { number = "+7" + known, type = "mobile" } } })).Id();
            var csv = new StringBuilder("Название;Компания;Контакт;Телефон;Почта\r\n")
                .Append($"Первая {tag};Компания {tag};Первов {tag};+7{fresh};\r\n")
                .Append($"Вторая {tag};;Второв {tag};8 {fresh};second-{tag}@mail.ru\r\n")
                .Append($"Третья {tag};;Третьев {tag};+7 {fresh};\r\n")
                .Append($"Четвёртая {tag};;;8 {known};\r\n");
            var id = await admin.StartDealImportAsync(Csv(csv), pipeline.Id,
                new() { ["name"] = "Название", ["company"] = "Компания", ["contact"] = "Контакт", ["phone"] = "Телефон", ["email"] = "Почта" });
            var ended = await admin.DealImportEndedAsync(id);
            Assert.Equal(("done", 4), (ended.GetProperty("status").GetString(), ended.GetProperty("created").GetInt32()));
            await UntilAsync(web, "select count(*) = 4 from deals.deals where pipeline_id = @id and contact_id is not null", pipeline.Id,
                "the imported deals linked to their contacts");

            await using var db = await web.OpenDatabaseAsync();
            var added = await db.QuerySingleAsync<(Guid Id, string FullName, Guid? CompanyId)>(
                """
                select c.id, c.full_name, c.company_id from directory.contacts c
                join directory.contact_phones p on p.contact_id = c.id where p.number = @Number
                """,
                new { Number = "+7" + fresh });
            Assert.Equal($"Первов {tag}", added.FullName);
            var company = await db.QuerySingleAsync<Guid>("select id from directory.companies where name = @Name", new { Name = $"Компания {tag}" });
            Assert.Equal(company, added.CompanyId);
            var links = (await db.QueryAsync<(Guid? ContactId, Guid? CompanyId)>(
                "select contact_id, company_id from deals.deals where pipeline_id = @Id order by number", new { pipeline.Id })).ToList();
            Assert.Equal(new (Guid?, Guid?)[] { (added.Id, company), (added.Id, company), (added.Id, company), (existing, null) }, links);
            Assert.Equal(1, await db.ExecuteScalarAsync<int>(
                "select count(*) from directory.contact_phones where number = @Number", new { Number = "+7" + known }));
            Assert.Equal(0, await db.ExecuteScalarAsync<int>(
                "select count(*) from directory.contact_emails where address = @Address", new { Address = $"second-{tag}@mail.ru" }));
            Assert.Equal([1, 1], await db.QueryAsync<int>(
                """
                select count(*) from bus.outbox where event_type = 'Crm.Modules.Directory.Contracts.ContactCreated' and payload->'contact'->>'contactId' = @Contact
                union all
                select count(*) from bus.outbox where event_type = 'Crm.Modules.Directory.Contracts.CompanyCreated' and payload->'company'->>'companyId' = @Company
                """,
                new { Contact = added.Id.ToString(), Company = company.ToString() }));
            await UntilAsync(web, "select exists (select 1 from tasks.contacts where id = @id)", added.Id, "Tasks told of the added contact");
        });
    }

    /// <summary>
    /// «Теги» and «Срок»: tags by name (any case), an existing one reused, a new one added to the catalog once for the
    /// rows that name it; a deadline as a date (18:00 that day) or a date and time, on the importer's clock (UTC+5 here);
    /// a deadline that is no date, more than 20 tags and a tag too long refuse their rows, each with its reason, in the
    /// progress and in the report. The preview offers both fields, guessed from the headers.
    /// </summary>
    [Fact]
    public async Task Tags_and_deadlines_are_imported_and_bad_ones_refuse_their_rows_with_the_reason()
    {
        using var admin = await app.SignedInAsync();
        var pipeline = await app.PipelineAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var old = (await (await admin.PostAsync("/api/deals/tags", new { name = $"Старый {tag}" })).JsonAsync(HttpStatusCode.Created)).Id();
        var csv = new StringBuilder("Название;Срок;Теги\r\n")
            .Append($"Первая {tag};31.12.2026;\"Опт {tag}, важный {tag}; СТАРЫЙ {tag}\"\r\n")
            .Append($"Вторая {tag};2026-12-30 09:30:00;Важный {tag}\r\n")
            .Append($"Без даты {tag};завтра;\r\n")
            .Append($"Много тегов {tag};;\"{string.Join(";", Enumerable.Range(1, 21).Select(i => $"т{i} {tag}"))}\"\r\n")
            .Append($"Длинный тег {tag};;{new string('д', 51)}\r\n");
        const string Zone = "Asia/Yekaterinburg";

        var preview = await (await admin.PostDealImportAsync("/api/deals/imports/preview", Csv(csv), pipeline.Id, tz: Zone)).JsonAsync(HttpStatusCode.OK);
        var fields = preview.GetProperty("fields").EnumerateArray().ToDictionary(f => f.Text("key"), f => f.Text("label"));
        Assert.Equal(("Срок", "Теги"), (fields["deadline"], fields["tags"]));
        var mapping = preview.GetProperty("mapping");
        Assert.Equal(("Срок", "Теги"), (mapping.GetProperty("deadline").GetString(), mapping.GetProperty("tags").GetString()));
        Assert.Empty(preview.GetProperty("rows")[0].GetProperty("errors").EnumerateArray());
        Assert.Contains("Срок «завтра»: не дата", preview.GetProperty("rows")[2].GetProperty("errors")[0].GetString());

        var id = await admin.StartDealImportAsync(Csv(csv), pipeline.Id, JsonSerializer.Deserialize<Dictionary<string, string>>(mapping)!, Zone);
        var ended = await admin.DealImportEndedAsync(id);
        Assert.Equal(("done", 2, 3), (ended.GetProperty("status").GetString(), ended.GetProperty("created").GetInt32(), ended.GetProperty("rejected").GetInt32()));
        var reasons = DealImportsKit.Reasons(ended);
        Assert.StartsWith("Срок «завтра»: не дата", reasons[4]);
        Assert.Contains("Теги", reasons[5]);
        Assert.Contains("не больше 20 тегов", reasons[5]);
        Assert.Contains("длиннее 50 символов", reasons[6]);
        var report = await (await admin.GetAsync($"/api/deals/imports/{id}/report")).Content.ReadAsStringAsync();
        Assert.Contains("не дата", report);
        Assert.Contains("не больше 20 тегов", report);

        await using var db = await app.OpenDatabaseAsync();
        var catalog = (await db.QueryAsync<(string Key, Guid Id, string Name)>(
            "select key, id, name from deals.tags where kind = 'deal' and key like @Like", new { Like = $"%{tag}" })).ToDictionary(t => t.Key);
        Assert.Equal([$"важный {tag}", $"опт {tag}", $"старый {tag}"], catalog.Keys.Order());
        Assert.Equal((old, $"важный {tag}"), (catalog[$"старый {tag}"].Id, catalog[$"важный {tag}"].Name));
        Assert.Equal(
            [new DateTime(2026, 12, 31, 13, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 30, 4, 30, 0, DateTimeKind.Utc)],
            await db.QueryAsync<DateTime>("select deadline from deals.deals where pipeline_id = @Id order by number", new { pipeline.Id }));
        var tagIds = (await db.QueryAsync<Guid[]>("select tag_ids from deals.deals where pipeline_id = @Id order by number", new { pipeline.Id })).ToList();
        Assert.Equal([catalog[$"опт {tag}"].Id, catalog[$"важный {tag}"].Id, old], tagIds[0]);
        Assert.Equal([catalog[$"важный {tag}"].Id], tagIds[1]);
    }

    /// <summary>
    /// A To-Do pipeline's rows become jobs when they give a deadline («Срок»), and one without is refused saying so; the
    /// table's export of those jobs (CSV, times in the zone asked for) imports back with the same deadlines.
    /// </summary>
    [Fact]
    public async Task A_todo_pipelines_rows_need_a_deadline_and_the_exports_deadlines_import_back_unchanged()
    {
        using var admin = await app.SignedInAsync();
        var todo = (await (await admin.PostAsync("/api/pipelines", new { name = $"Поручения {Guid.NewGuid():N}", kind = "todo" }))
            .JsonAsync(HttpStatusCode.Created)).Id();
        await app.WaitForAsync("select exists (select 1 from deals.pipelines where id = @todo)", new { todo }, "Deals' copy of the To-Do pipeline");
        var tag = Guid.NewGuid().ToString("N")[..8];
        const string Zone = "Europe/Moscow";
        var csv = new StringBuilder("Название;Срок\r\n")
            .Append($"Собрать акты {tag};31.12.2026\r\n")
            .Append($"Сверить остатки {tag};15.01.2027 10:15\r\n")
            .Append($"Без срока {tag};\r\n");
        var id = await admin.StartDealImportAsync(Csv(csv), todo, new() { ["name"] = "Название", ["deadline"] = "Срок" }, Zone);
        var ended = await admin.DealImportEndedAsync(id);
        Assert.Equal((2, 1), (ended.GetProperty("created").GetInt32(), ended.GetProperty("rejected").GetInt32()));
        var refusal = ended.GetProperty("rejects")[0];
        Assert.Equal(4, refusal.GetProperty("row").GetInt32());
        Assert.Equal("Срок: Укажите крайний срок задания", refusal.GetProperty("reason").GetString());

        await using var db = await app.OpenDatabaseAsync();
        var jobs = (await db.QueryAsync<DateTime>("select deadline from deals.deals where pipeline_id = @todo order by number", new { todo })).ToList();
        Assert.Equal([new DateTime(2026, 12, 31, 15, 0, 0, DateTimeKind.Utc), new DateTime(2027, 1, 15, 7, 15, 0, DateTimeKind.Utc)], jobs);

        var exported = await (await admin.GetAsync($"/api/deals/export?pipelineId={todo}&sort=created&format=csv&tz={Zone}&cols=name,deadline"))
            .Content.ReadAsByteArrayAsync();
        var again = await admin.StartDealImportAsync(exported, todo, new() { ["name"] = "Название", ["deadline"] = "Срок" }, Zone);
        Assert.Equal(2, (await admin.DealImportEndedAsync(again)).GetProperty("created").GetInt32());
        Assert.Equal(
            jobs.Concat(jobs).Order(),
            (await db.QueryAsync<DateTime>("select deadline from deals.deals where pipeline_id = @todo", new { todo })).Order());
    }

    [Fact]
    public async Task A_manager_imports_deals_only_for_themselves()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var db = await app.OpenDatabaseAsync();
        var email = await db.ExecuteScalarAsync<string>("select email from identity.users where id = @managerId", new { managerId });
        var csv = new StringBuilder("Название;Ответственный\r\n")
            .Append($"Своя {tag};{email}\r\n")
            .Append($"Чужая {tag};{CrmApp.AdminEmail}\r\n")
            .Append($"Без ответственного {tag};\r\n");
        var id = await manager.StartDealImportAsync(Csv(csv), pipeline.Id, new() { ["name"] = "Название", ["responsible"] = "Ответственный" });
        var ended = await manager.DealImportEndedAsync(id);
        Assert.Equal((2, 1), (ended.GetProperty("created").GetInt32(), ended.GetProperty("rejected").GetInt32()));
        Assert.Contains("только на себя", ended.GetProperty("rejects")[0].GetProperty("reason").GetString());
        Assert.Equal([managerId], await db.QueryAsync<Guid>(
            "select distinct responsible_id from deals.deals where pipeline_id = @Id", new { pipeline.Id }));

        using var admin = await app.SignedInAsync();
        var adminsOwn = await admin.StartDealImportAsync(Csv(new StringBuilder($"Название\r\nАдмина {tag}\r\n")), pipeline.Id, new() { ["name"] = "Название" });
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/deals/imports/{adminsOwn}")).StatusCode);
    }

    [Fact]
    public async Task An_import_into_an_unknown_pipeline_or_without_a_mapping_is_refused()
    {
        using var admin = await app.SignedInAsync();
        var file = Csv(new StringBuilder("Название\r\nСделка\r\n"));
        var unknown = await (await admin.PostDealImportAsync("/api/deals/imports", file, Guid.NewGuid(), new Dictionary<string, string> { ["name"] = "Название" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Single(unknown.FieldErrors("pipelineId"));
        var pipeline = await app.PipelineAsync();
        var missing = await (await admin.PostDealImportAsync("/api/deals/imports", file, pipeline.Id, new Dictionary<string, string> { ["name"] = "Сумма" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("«Сумма»", Assert.Single(missing.FieldErrors("mapping")));
    }

    [Fact]
    public async Task A_waiting_import_is_cancelled_at_once_and_creates_nothing()
    {
        await CrmApp.RunAsync(new Dictionary<string, string> { ["Deals:Imports:Worker"] = "false" }, async web =>
        {
            using var admin = await web.SignedInAsync();
            var pipeline = await web.PipelineAsync();
            var id = await admin.StartDealImportAsync(Csv(new StringBuilder("Название\r\nОтменённая\r\n")), pipeline.Id, new() { ["name"] = "Название" });
            Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/deals/imports/{id}/cancel")).StatusCode);
            var cancelled = await (await admin.GetAsync($"/api/deals/imports/{id}")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(("cancelled", 0), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("created").GetInt32()));
            await using var db = await web.OpenDatabaseAsync();
            Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from deals.deals where pipeline_id = @Id", new { pipeline.Id }));
        });
    }

    /// <summary>As <see cref="ImportRestartTests"/>: the app stopped inside the batch of the bad row, then started again.</summary>
    [Fact]
    public async Task A_restarted_import_resumes_without_doubles()
    {
        const int rows = 200, bad = 121; // batches of 20: the bad row (a budget that is no number) is in the 7th
        await CrmApp.RunAsync(new Dictionary<string, string> { ["Deals:Imports:Worker"] = "false" }, async web =>
        {
            using var admin = await web.SignedInAsync();
            var pipeline = await web.PipelineAsync();
            var tag = Guid.NewGuid().ToString("N")[..8];
            var csv = new StringBuilder("Название;Бюджет;Телефон\r\n");
            for (var i = 1; i <= rows; i++)
            {
                csv.Append($"Рестарт {tag} {i};{(i == bad ? "x" : "100")};+7 926 {i:D7}\r\n");
            }
            var id = await admin.StartDealImportAsync(Csv(csv), pipeline.Id, new() { ["name"] = "Название", ["budget"] = "Бюджет", ["phone"] = "Телефон" });
            var workerSettings = new Dictionary<string, string> { ["Deals:Imports:BatchSize"] = "20", ["Deals:Imports:PollInterval"] = "00:00:00.200" };

            await using var db = await web.OpenDatabaseAsync();
            await using (var holder = await web.OpenDatabaseAsync())
            {
                await using var hold = await holder.BeginTransactionAsync();
                await holder.ExecuteAsync(
                    "insert into deals.import_rejects (import_id, row_number, reason, cells) values (@id, @Row, 'held', '[]')",
                    new { id, Row = bad + 1 }, hold);
                var first = new CrmApp(web.Database, web.Clock, workerSettings);
                await first.InitializeAsync();
                await UntilAsync(web,
                    "select exists (select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%insert into deals.import_rejects%')",
                    id, "the batch of the bad row waiting inside its transaction");
                await first.DisposeAsync();
            }

            var like = $"Рестарт {tag} %";
            Assert.Equal(("running", bad - 1), await db.QuerySingleAsync<(string, int)>(
                "select status, processed_rows from deals.imports where id = @id", new { id }));
            Assert.Equal(bad - 1, await db.ExecuteScalarAsync<int>("select count(*) from deals.deals where name like @like", new { like }));

            web.Clock.Advance(TimeSpan.FromMinutes(5));
            var second = new CrmApp(web.Database, web.Clock, workerSettings);
            await second.InitializeAsync();
            try
            {
                await UntilAsync(web, "select status = 'done' from deals.imports where id = @id", id, "the import resumed and done");
                await UntilAsync(web, $"select count(*) = {rows - 1} from deals.deals where name like '{like}' and contact_id is not null", id,
                    "every imported deal linked to its new contact");
            }
            finally
            {
                await second.DisposeAsync();
            }
            Assert.Equal(rows - 1, await db.ExecuteScalarAsync<int>("select count(distinct name) from deals.deals where name like @like", new { like }));
            Assert.Equal(rows - 1, await db.ExecuteScalarAsync<int>("select count(*) from deals.deals where name like @like", new { like }));
            Assert.Equal(rows - 1, await db.ExecuteScalarAsync<int>("select count(*) from directory.contacts")); // each client filed once
            Assert.Equal((rows - 1, 1), await db.QuerySingleAsync<(int, int)>("select created_count, rejected_count from deals.imports where id = @id", new { id }));
            Assert.Equal([bad + 1], await db.QueryAsync<int>("select row_number from deals.import_rejects where import_id = @id", new { id }));
        });
    }

    private static byte[] Csv(StringBuilder text) => ImportsKit.Utf8Csv(text.ToString());

    private static Task UntilAsync(CrmApp app, string sql, Guid id, string what) =>
        Eventually.TrueAsync(async () =>
        {
            await using var db = await app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<bool>(sql, new { id });
        }, what, TimeSpan.FromSeconds(120));
}

/// <summary>Uploads of the deals import tests, sent as the browser sends the form.</summary>
public static class DealImportsKit
{
    public static Task<HttpResponseMessage> PostDealImportAsync(
        this CrmClient client, string url, byte[] file, Guid pipelineId, Dictionary<string, string>? mapping = null, string? tz = null)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", "deals.csv");
        form.Add(new StringContent(pipelineId.ToString()), "pipelineId");
        if (mapping is not null)
        {
            form.Add(new StringContent(JsonSerializer.Serialize(mapping)), "mapping");
        }
        if (tz is not null)
        {
            form.Add(new StringContent(tz), "tz");
        }
        return client.Http.PostAsync(url, form);
    }

    public static async Task<Guid> StartDealImportAsync(
        this CrmClient client, byte[] file, Guid pipelineId, Dictionary<string, string> mapping, string? tz = null)
    {
        var started = await (await client.PostDealImportAsync("/api/deals/imports", file, pipelineId, mapping, tz)).JsonAsync(HttpStatusCode.Accepted);
        return started.GetProperty("id").GetGuid();
    }

    /// <summary>The reasons of an import's refused rows (the first 50) by row number.</summary>
    public static Dictionary<int, string> Reasons(JsonElement import) =>
        import.GetProperty("rejects").EnumerateArray().ToDictionary(r => r.GetProperty("row").GetInt32(), r => r.GetProperty("reason").GetString()!);

    /// <summary>The import once it has ended (done, cancelled or failed).</summary>
    public static async Task<JsonElement> DealImportEndedAsync(this CrmClient client, Guid id)
    {
        JsonElement last = default;
        await Eventually.TrueAsync(async () =>
        {
            last = await (await client.GetAsync($"/api/deals/imports/{id}")).JsonAsync(HttpStatusCode.OK);
            return last.GetProperty("status").GetString() is "done" or "cancelled" or "failed";
        }, "the deals import to end", TimeSpan.FromSeconds(120));
        return last;
    }
}
