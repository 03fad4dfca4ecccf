using System.Net;
using Crm.Tests.Integration.Deals;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Tables;

/// <summary>
/// ExportDeals (<c>GET /api/deals/export</c>): every deal the table's filters select (more than one batch,
/// not a page) in the table's order, each column type written as its kind, names for pipeline, stage and
/// responsible, a BOM, both delimiters, RFC 4180 quoting, formulas escaped, and the xlsx read back.
/// </summary>
public sealed class ExportDealsTests(CrmApp app) : IClassFixture<CrmApp>, IAsyncLifetime
{
    private const int Count = 2_345; // more than one batch (ExportDeals.BatchSize)

    private static readonly string[] Tricky =
        ["=SUM(A1:A2)", "+79161234567", "-10", "@cmd", "\tTab", "Кавычки \"ёлка\"", "Запятая, и; точка с запятой", "Две\r\nстроки", " пробел "];

    private TestPipeline pipeline = null!;
    private Guid num;
    private Guid date;
    private Guid multi;
    private Guid check;
    private Guid user;
    private readonly string fieldTag = Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        pipeline = await app.PipelineAsync($"Экспорт {Guid.NewGuid():N}");
        user = (await app.UserAsync()).Id;
        await app.WaitForAsync("select count(*) = 1 from deals.users where id = @user and name <> ''", new { user }, "the user's name");
        using var admin = await app.SignedInAsync();
        async Task<Guid> FieldAsync(string name, string type, string[]? options = null) =>
            (await (await admin.PostAsync("/api/deals/custom-fields", new { name, type, options })).JsonAsync(HttpStatusCode.Created)).Id();
        num = await FieldAsync($"Площадь {fieldTag}", "number");
        date = await FieldAsync($"Поставка {fieldTag}", "date");
        multi = await FieldAsync($"Товары {fieldTag}", "multiselect", ["шины", "диски"]);
        check = await FieldAsync($"Опт {fieldTag}", "checkbox");
        await using var db = await app.OpenDatabaseAsync();
        await db.ExecuteAsync(
            """
            with taken as (update deals.deal_numbers set last_number = last_number + @Count returning last_number - @Count as base)
            insert into deals.deals (id, number, name, pipeline_id, stage_id, budget, currency, responsible_id, created_by,
                                     created_at, updated_at, stage_entered_at, next_task_due, company_name, custom)
            select gen_random_uuid(), taken.base + g, case when g <= @TrickyCount then (@Tricky::text[])[g] else 'Сделка ' || g end,
                   @Pipeline, case when g % 2 = 0 then @First else @Second end,
                   case when g % 5 = 0 then null else g * 10.5 end, 'RUB', @User, @User,
                   timestamptz '2026-01-01 09:30:00+00' + g * interval '1 minute', timestamptz '2026-02-01 00:00:00+00' + g * interval '1 second',
                   now(), case when g % 3 = 0 then timestamptz '2026-03-01 12:00:00+00' end,
                   case when g % 4 = 0 then null else 'ООО «Ромашка»' end,
                   jsonb_build_object(@Num, g * 1.5, @Date, '2026-04-05', @Multi, '["шины", "диски"]'::jsonb, @Check, g % 2 = 0)
            from generate_series(1, @Count) g, taken
            """,
            new
            {
                Count, Tricky, TrickyCount = Tricky.Length, Pipeline = pipeline.Id, pipeline.First, pipeline.Second, User = user,
                Num = num.ToString(), Date = date.ToString(), Multi = multi.ToString(), Check = check.ToString(),
            });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string Scope => $"pipelineId={pipeline.Id}";

    [Fact]
    public async Task Csv_with_commas_holds_every_selected_deal_in_the_tables_order_each_column_as_its_kind()
    {
        using var admin = await app.SignedInAsync();
        var file = await (await admin.GetAsync($"/api/deals/export?{Scope}&sort=created&format=csv&delimiter=comma&tz=Europe/Moscow"))
            .DownloadAsync("text/csv");
        var rows = ExportFiles.Csv(file, ',');
        var header = rows[0];
        Assert.Equal(["Номер", "Название", "Воронка", "Этап", "Статус", "Бюджет", "Валюта", "Ответственный", "Компания", "Контакт"], header[..10]);
        Assert.Contains(header, h => h.StartsWith("Площадь", StringComparison.Ordinal));
        Assert.Equal(Count, rows.Count - 1);
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));

        await using var db = await app.OpenDatabaseAsync();
        var numbers = (await db.QueryAsync<long>(
            "select number from deals.deals where pipeline_id = @Id order by created_at, id", new { pipeline.Id })).ToList();
        Assert.Equal(numbers.Select(n => n.ToString()), rows.Skip(1).Select(r => r[0]));

        var col = (string key) => Array.IndexOf(header, key);
        var second = rows[2]; // g = 2: tricky "+79161234567", stage First, budget 21.0, next task none
        Assert.Equal("'+79161234567", second[col("Название")]);
        Assert.Equal("21.00", second[col("Бюджет")]);
        Assert.Equal("Первичный контакт", second[col("Этап")]);
        Assert.Equal("В работе", second[col("Статус")]);
        Assert.StartsWith("Экспорт", second[col("Воронка")]);
        Assert.Equal("RUB", second[col("Валюта")]);
        Assert.NotEqual("", second[col("Ответственный")]);
        Assert.Equal("2026-01-01 12:32:00", second[col("Создана")]); // 09:32 UTC in Moscow
        // this test's own fields (the other tests of the class add theirs to the same database)
        var field = (string prefix) => Array.IndexOf(header, $"{prefix} {fieldTag}");
        Assert.Equal("3.0", second[field("Площадь")]);
        Assert.Equal("2026-04-05", second[field("Поставка")]);
        Assert.Equal("шины; диски", second[field("Товары")]);
        Assert.Equal("да", second[field("Опт")]);
        Assert.Equal("", rows[5][col("Бюджет")]); // g = 5: no budget
        Assert.Equal("2026-03-01 15:00:00", rows[3][col("Ближайшая задача")]);

        // Formulas escaped; quotes, delimiters, line breaks and edge spaces survive the round trip.
        var names = rows.Skip(1).Take(Tricky.Length).Select(r => r[col("Название")]).ToList();
        Assert.Equal(
            ["'=SUM(A1:A2)", "'+79161234567", "'-10", "'@cmd", "'\tTab", "Кавычки \"ёлка\"", "Запятая, и; точка с запятой", "Две\r\nстроки", " пробел "],
            names);
        var raw = System.Text.Encoding.UTF8.GetString(file);
        Assert.Contains("\"Кавычки \"\"ёлка\"\"\"", raw);
        Assert.Contains("\"Запятая, и; точка с запятой\"", raw);
    }

    [Fact]
    public async Task Csv_with_semicolons_takes_a_decimal_comma_and_the_filters_and_columns_asked_for()
    {
        using var admin = await app.SignedInAsync();
        var response = await admin.GetAsync(
            $"/api/deals/export?{Scope}&f.stage=in:{pipeline.First}&f.budget=100..500&sort=-budget&format=csv&delimiter=semicolon&cols=name,budget,stage");
        var rows = ExportFiles.Csv(await response.DownloadAsync("text/csv"), ';');
        Assert.Equal(["Название", "Бюджет", "Этап"], rows[0]);
        await using var db = await app.OpenDatabaseAsync();
        var expected = (await db.QueryAsync<decimal>(
            """
            select budget from deals.deals where pipeline_id = @Id and stage_id = @First and budget between 100 and 500
            order by budget desc, id desc
            """, new { pipeline.Id, pipeline.First })).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture).Replace('.', ',')), rows.Skip(1).Select(r => r[1]));
        Assert.All(rows.Skip(1), r => Assert.Equal("Первичный контакт", r[2]));
    }

    [Fact]
    public async Task An_export_of_a_view_holds_every_deal_the_tables_url_selects_not_one_page()
    {
        using var admin = await app.SignedInAsync();
        // the view as the deals table puts it in its URL: the status words, a custom field range, a sort with ties broken by id
        var view = $"{Scope}&f.status=in:open&f.cf.{num}={Uri.EscapeDataString("30..")}&sort=-updated";
        var walked = new List<long>();
        string? after = null;
        do
        {
            var json = await (await admin.GetAsync($"/api/deals?{view}&limit=200{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}"))
                .JsonAsync(HttpStatusCode.OK);
            walked.AddRange(json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt64()));
            after = json.GetProperty("nextCursor").GetString();
        }
        while (after is not null);
        var rows = ExportFiles.Csv(await (await admin.GetAsync($"/api/deals/export?{view}&cols=number")).DownloadAsync("text/csv"), ',');
        Assert.True(walked.Count > 2_000, $"{walked.Count} deals in the view"); // more than one export batch
        Assert.Equal(walked.Select(n => n.ToString()), rows.Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task Xlsx_reads_back_with_numbers_dates_and_escaped_text()
    {
        using var admin = await app.SignedInAsync("admin@crm.local", CrmApp.AdminPassword);
        var client = admin.Http;
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var response = await client.GetAsync($"/api/deals/export?{Scope}&sort=created&format=xlsx&cols=number,name,budget,created,cf.{num},cf.{date}");
        var rows = ExportFiles.Xlsx(await response.DownloadAsync("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        Assert.Equal(["Number", "Name", "Budget", "Created"], rows[0].Take(4).Select(v => v?.ToString()));
        Assert.Equal(Count + 1, rows.Count);
        Assert.Equal("'=SUM(A1:A2)", rows[1][1]);
        Assert.Equal(21.0, Convert.ToDouble(rows[2][2]));
        Assert.Equal(new DateTime(2026, 1, 1, 9, 32, 0), Assert.IsType<DateTime>(rows[2][3]));
        Assert.Equal(3.0, Convert.ToDouble(rows[2][4]));
        Assert.Equal(new DateTime(2026, 4, 5), Assert.IsType<DateTime>(rows[2][5]));
        Assert.Null(rows[5][2]);
    }

    [Fact]
    public async Task Bad_format_delimiter_column_sort_or_filter_is_a_400_before_any_file()
    {
        using var admin = await app.SignedInAsync();
        foreach (var (query, field) in new[]
                 {
                     ("format=pdf", "format"), ("delimiter=tab", "delimiter"), ("cols=name,nope", "cols"),
                     ("sort=nope", "sort"), ("f.budget=abc", "f.budget"), ("tz=Mars/Base", "tz"),
                 })
        {
            var problem = await (await admin.GetAsync($"/api/deals/export?{Scope}&{query}")).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotEmpty(problem.FieldErrors(field));
        }
    }

    [Fact]
    public async Task Signed_out_is_refused()
    {
        using var anonymous = app.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/deals/export?{Scope}")).StatusCode);
    }
}
