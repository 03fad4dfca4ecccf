using System.Net;
using System.Text.Json;
using Crm.BuildingBlocks.CustomFields;
using Crm.Modules.Deals.Common;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>
/// ListDeals (<c>GET /api/deals</c> without companyId/contactId): every sort walked page by page in both
/// directions against the same order computed directly in SQL (nulls last, ties by id), pages stable under
/// inserts, every filter type, totals, bad input and rights.
/// </summary>
public sealed class ListDealsTests(CrmApp app) : IClassFixture<CrmApp>, IAsyncLifetime
{
    private const int Count = 60;

    private TestPipeline a = null!;
    private TestPipeline b = null!;
    private Guid[] users = [];
    private Guid num;
    private Guid text;
    private Guid date;
    private Guid select;
    private Guid multi;
    private Guid check;
    private string scope = "";

    public async Task InitializeAsync()
    {
        a = await app.PipelineAsync("Таблица А");
        b = await app.PipelineAsync("Таблица Б");
        users = [(await app.UserAsync()).Id, (await app.UserAsync()).Id, (await app.UserAsync()).Id];
        await app.WaitForAsync("select count(*) = 3 from deals.users where id = any(@users) and name <> ''", new { users }, "the users' names");
        using var admin = await app.SignedInAsync();
        async Task<Guid> FieldAsync(string name, string type, string[]? options = null) =>
            (await (await admin.PostAsync("/api/deals/custom-fields", new { name, type, options })).JsonAsync(HttpStatusCode.Created)).Id();
        num = await FieldAsync($"Площадь {Guid.NewGuid():N}", "number");
        text = await FieldAsync($"Город {Guid.NewGuid():N}", "text");
        date = await FieldAsync($"Поставка {Guid.NewGuid():N}", "date");
        select = await FieldAsync($"Канал {Guid.NewGuid():N}", "select", ["сайт", "звонок, входящий", "выставка"]);
        multi = await FieldAsync($"Товары {Guid.NewGuid():N}", "multiselect", ["шины", "диски", "масло"]);
        check = await FieldAsync($"Опт {Guid.NewGuid():N}", "checkbox");
        scope = $"f.pipeline=in:{a.Id},{b.Id}";
        await BulkAsync(1, Count);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Deals g = from..to over both pipelines, with ties and empties in every sorted column.</summary>
    private async Task BulkAsync(int from, int to)
    {
        await using var db = await app.OpenDatabaseAsync();
        await db.ExecuteAsync(
            """
            with taken as (update deals.deal_numbers set last_number = last_number + (@To - @From + 1) returning last_number - (@To - @From + 1) as base)
            insert into deals.deals (id, number, name, pipeline_id, stage_id, budget, currency, responsible_id, created_by,
                                     created_at, updated_at, stage_entered_at, closed_at, open_task_count, next_task_due, company_name, custom)
            select gen_random_uuid(), taken.base + g - @From + 1,
                   (array['Ёлка', 'елка зелёная', 'Альфа', 'альфа', 'Бета ' || g])[g % 5 + 1],
                   case when g % 2 = 0 then @A else @B end,
                   (case when g % 2 = 0 then array[@A1, @A2, @AWon] else array[@B1, @B2, @BWon] end)[g % 3 + 1],
                   case when g % 4 = 0 then null else (g % 3) * 100 end,
                   case when g % 7 = 0 then 'USD' else 'RUB' end,
                   (@Users::uuid[])[g % 3 + 1], @U0,
                   timestamptz '2026-01-01 00:00:00+00' + (g / 3) * interval '1 day',
                   timestamptz '2026-02-01 00:00:00+00' + (g % 4) * interval '1 minute',
                   now(),
                   case when g % 3 = 2 then now() end,
                   case when g % 3 = 0 then 0 else 1 end,
                   case when g % 3 = 0 then null else timestamptz '2026-03-01 00:00:00+00' + (g % 5) * interval '1 day' end,
                   case when g % 5 = 0 then null else 'ООО «Ромашка» ' || g % 3 end,
                   jsonb_strip_nulls(jsonb_build_object(
                       @Num, case when g % 6 = 0 then null else to_jsonb((g % 4) * 1.5) end,
                       @Text, case when g % 4 = 0 then null else to_jsonb('Город ' || (g % 3)) end,
                       @Date, to_jsonb('2026-04-0' || (g % 9 + 1)),
                       @Select, to_jsonb((array['сайт', 'звонок, входящий', 'выставка'])[g % 3 + 1]),
                       @Multi, case when g % 2 = 0 then '["шины", "диски"]'::jsonb else '["масло"]'::jsonb end,
                       @Check, to_jsonb(g % 2 = 0)))
            from generate_series(@From, @To) g, taken
            """,
            new
            {
                From = from, To = to, A = a.Id, B = b.Id, A1 = a.First, A2 = a.Second, AWon = a.Won, B1 = b.First, B2 = b.Second, BWon = b.Won,
                Users = users, U0 = users[0], Num = num.ToString(), Text = text.ToString(), Date = date.ToString(),
                Select = select.ToString(), Multi = multi.ToString(), Check = check.ToString(),
            });
    }

    /// <summary>The sort's SQL order, computed here independently of the slice.</summary>
    private string OrderBy(string sort)
    {
        var desc = sort.StartsWith('-');
        var dir = desc ? "desc" : "asc";
        var key = sort.TrimStart('-') switch
        {
            "name" => "translate(lower(d.name), 'ё', 'е')",
            "budget" => "d.budget",
            "created" => "d.created_at",
            "updated" => "d.updated_at",
            "nextTask" => "d.next_task_due",
            "stage" => $"s.position {dir}, p.position {dir}, p.id {dir}, s.id",
            "responsible" => $"u.name {dir}, u.id",
            var cf when cf == $"cf.{num}" => $"(d.custom ->> '{num}')::numeric",
            var cf when cf == $"cf.{text}" => $"translate(lower(d.custom ->> '{text}'), 'ё', 'е')",
            var cf when cf == $"cf.{check}" => $"(d.custom -> '{check}')::boolean",
            _ => throw new ArgumentException(sort),
        };
        return $"{key} {dir} nulls last, d.id {dir}";
    }

    private async Task<List<Guid>> ExpectedAsync(string sort, string where = "true", object? parameters = null)
    {
        await using var db = await app.OpenDatabaseAsync();
        var args = new DynamicParameters(parameters);
        args.Add("Pipelines", new[] { a.Id, b.Id });
        return (await db.QueryAsync<Guid>(
            $"""
            select d.id from deals.deals d
            join deals.stages s on s.id = d.stage_id join deals.pipelines p on p.id = d.pipeline_id
            join deals.users u on u.id = d.responsible_id
            where d.deleted_at is null and d.pipeline_id = any(@Pipelines) and {where}
            order by {OrderBy(sort)}
            """,
            args)).ToList();
    }

    private static async Task<List<Guid>> WalkAsync(CrmClient client, string query, int limit)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await PageAsync(client, query + $"&limit={limit}" + (cursor is null ? "" : $"&after={cursor}"));
            var items = page.GetProperty("items").EnumerateArray().Select(i => i.Id()).ToList();
            Assert.True(items.Count <= limit);
            ids.AddRange(items);
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.True(cursor is null || items.Count == limit, "a page before the last is full");
            Assert.True(ids.Count <= 10 * Count, "the walk ends");
        }
        while (cursor is not null);
        return ids;
    }

    private static async Task<JsonElement> PageAsync(CrmClient client, string query) =>
        await (await client.GetAsync($"/api/deals?{query}")).JsonAsync(HttpStatusCode.OK);

    private async Task<List<Guid>> FilteredAsync(CrmClient client, string filter, string sort = "name") =>
        await WalkAsync(client, $"{scope}&sort={sort}&{filter}", 200);

    [Fact]
    public async Task Every_sort_walks_every_deal_once_in_order_both_ways_with_nulls_last()
    {
        using var client = await app.SignedInAsync();
        string[] sorts = ["name", "budget", "created", "updated", "nextTask", "stage", "responsible", $"cf.{num}", $"cf.{text}", $"cf.{check}"];
        foreach (var sort in sorts.SelectMany(s => new[] { s, "-" + s }))
        {
            var expected = await ExpectedAsync(sort);
            Assert.Equal(Count, expected.Count);
            Assert.True(expected.SequenceEqual(await WalkAsync(client, $"{scope}&sort={sort}", 7)), $"sort={sort}");
        }
        // the default: last updated first
        Assert.Equal(await ExpectedAsync("-updated"), await WalkAsync(client, scope, 50));
    }

    [Fact]
    public async Task One_pipeline_by_pipelineId_sorted_by_stage()
    {
        using var client = await app.SignedInAsync();
        var expected = await ExpectedAsync("stage", "d.pipeline_id = @Id", new { a.Id });
        Assert.Equal(Count / 2, expected.Count);
        Assert.Equal(expected, await WalkAsync(client, $"pipelineId={a.Id}&sort=stage", 4));
        var first = expected.Take(10).ToList();
        await using var db = await app.OpenDatabaseAsync();
        var stages = await db.QueryAsync<Guid>("select stage_id from deals.deals where id = any(@first)", new { first });
        Assert.All(stages, s => Assert.Equal(a.First, s));
    }

    [Fact]
    public async Task Pages_stay_stable_when_deals_are_added_and_changed_between_them()
    {
        using var client = await app.SignedInAsync();
        foreach (var sort in new[] { "budget", "-updated", "stage", $"cf.{num}" })
        {
            var before = await ExpectedAsync(sort);
            var first = await PageAsync(client, $"{scope}&sort={sort}&limit=20");
            var seen = first.GetProperty("items").EnumerateArray().Select(i => i.Id()).ToList();
            var extras = new List<Guid>();
            await using (var db = await app.OpenDatabaseAsync())
            {
                // new deals on both sides of the cursor, with the same values as the ones around it
                var extra = await db.QueryAsync<Guid>(
                    """
                    with taken as (update deals.deal_numbers set last_number = last_number + 4 returning last_number - 4 as base)
                    insert into deals.deals (id, number, name, pipeline_id, stage_id, budget, currency, responsible_id, created_by,
                                             created_at, updated_at, stage_entered_at, custom)
                    select gen_random_uuid(), taken.base + row_number() over (), d.name, d.pipeline_id, d.stage_id,
                           d.budget, d.currency, d.responsible_id, d.created_by, d.created_at, d.updated_at, d.stage_entered_at, d.custom
                    from deals.deals d, generate_series(1, 2) n, taken where d.id = any(@ids)
                    returning id
                    """,
                    new { ids = new[] { seen[0], seen[^1] } });
                Assert.Equal(4, extra.Count());
                extras.AddRange(extra);
            }
            string? cursor = first.GetProperty("nextCursor").GetString();
            while (cursor is not null)
            {
                var page = await PageAsync(client, $"{scope}&sort={sort}&limit=20&after={cursor}");
                seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Id()));
                cursor = page.GetProperty("nextCursor").GetString();
            }
            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Empty(before.Except(seen));
            var after = await ExpectedAsync(sort);
            Assert.Equal(after.Where(seen.Contains), seen);
            await using (var db = await app.OpenDatabaseAsync())
            {
                await db.ExecuteAsync("update deals.deals set deleted_at = now() where id = any(@extras)", new { extras });
            }
        }
    }

    [Fact]
    public async Task Text_filters_contain_any_case_with_yo_as_e_and_take_user_text_as_data()
    {
        using var client = await app.SignedInAsync();
        Assert.Equal(await ExpectedAsync("name", "translate(lower(d.name), 'ё', 'е') like '%елка%'"), await FilteredAsync(client, "f.name=~ЕЛКА"));
        Assert.Equal(24, (await FilteredAsync(client, "f.name=~ёлк")).Count);
        Assert.Equal(await ExpectedAsync("name", "d.company_name like '%Ромашка» 1'"), await FilteredAsync(client, "f.company=~%D0%BC%D0%B0%D1%88%D0%BA%D0%B0%C2%BB%201"));
        Assert.Equal(await ExpectedAsync("name", "d.custom ->> @F = 'Город 2'", new { F = text.ToString() }), await FilteredAsync(client, $"f.cf.{text}=~город%202"));
        Assert.Empty(await FilteredAsync(client, "f.name=~%25"));

        // quotes, semicolons and LIKE wildcards are data
        using var admin = await app.SignedInAsync();
        var odd = await admin.CreateDealAsync(a, new { name = "O'Brien\"; drop table deals.deals; -- 50% _x_" });
        var found = await FilteredAsync(client, "f.name=" + Uri.EscapeDataString("~o'brien\"; drop table deals.deals; -- 50% _x"));
        Assert.Equal([odd.Id()], found);
        Assert.Equal([odd.Id()], await FilteredAsync(client, "f.name=~50%25%20_"));
        await (await admin.DeleteAsync($"/api/deals/{odd.Id()}")).JsonAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Number_and_date_ranges_and_empties()
    {
        using var client = await app.SignedInAsync();
        Assert.Equal(await ExpectedAsync("name", "d.budget between 100 and 200"), await FilteredAsync(client, "f.budget=100..200"));
        Assert.Equal(await ExpectedAsync("name", "d.budget >= 150"), await FilteredAsync(client, "f.budget=150.5.."));
        Assert.Equal(await ExpectedAsync("name", "d.budget <= 0"), await FilteredAsync(client, "f.budget=..0"));
        Assert.Equal(await ExpectedAsync("name", "d.budget is null"), await FilteredAsync(client, "f.budget=empty"));
        Assert.Equal(await ExpectedAsync("name", "d.budget is not null"), await FilteredAsync(client, "f.budget=!empty"));
        Assert.Equal(await ExpectedAsync("name", "d.company_name is null"), await FilteredAsync(client, "f.company=empty"));
        Assert.Equal(await ExpectedAsync("name", "d.next_task_due is null"), await FilteredAsync(client, "f.nextTask=empty"));
        Assert.Equal(await ExpectedAsync("name", "d.closed_at is not null"), await FilteredAsync(client, "f.closed=!empty"));

        // a date is a whole UTC day at either end; an instant is itself
        Assert.Equal(await ExpectedAsync("name", "d.created_at >= '2026-01-03' and d.created_at < '2026-01-06'"),
            await FilteredAsync(client, "f.created=2026-01-03..2026-01-05"));
        Assert.Equal(await ExpectedAsync("name", "d.next_task_due <= '2026-03-02T12:00:00+03:00'"),
            await FilteredAsync(client, "f.nextTask=..2026-03-02T12:00:00%2B03:00"));
        Assert.Equal(await ExpectedAsync("name", "d.updated_at >= '2026-02-01T00:02:00Z'"), await FilteredAsync(client, "f.updated=2026-02-01T00:02:00Z.."));

        Assert.Equal(await ExpectedAsync("name", "(d.custom ->> @F)::numeric between 1.5 and 3", new { F = num.ToString() }),
            await FilteredAsync(client, $"f.cf.{num}=1.5..3"));
        Assert.Equal(await ExpectedAsync("name", "not d.custom ? @F", new { F = num.ToString() }), await FilteredAsync(client, $"f.cf.{num}=empty"));
        Assert.Equal(await ExpectedAsync("name", "d.custom ->> @F between '2026-04-03' and '2026-04-05'", new { F = date.ToString() }),
            await FilteredAsync(client, $"f.cf.{date}=2026-04-03..2026-04-05"));
        Assert.Equal(await ExpectedAsync("name", "d.custom ? @F", new { F = text.ToString() }), await FilteredAsync(client, $"f.cf.{text}=!empty"));
    }

    [Fact]
    public async Task A_custom_text_contains_reads_each_value_as_the_field_holds_it_quotes_backslashes_and_lists_included()
    {
        using var client = await app.SignedInAsync();
        List<Guid> extras;
        await using (var db = await app.OpenDatabaseAsync())
        {
            // the index's candidates hold every custom value of a deal as text: a value with quotes and a backslash,
            // another field holding the text, and a list, must each be found exactly as the field reads it
            extras = (await db.QueryAsync<Guid>(
                """
                with taken as (update deals.deal_numbers set last_number = last_number + 3 returning last_number - 3 as base)
                insert into deals.deals (id, number, name, pipeline_id, stage_id, currency, responsible_id, created_by,
                                         created_at, updated_at, stage_entered_at, custom)
                select gen_random_uuid(), taken.base + n, 'Кавычки ' || n, @A, @A1, 'RUB', @U, @U, now(), now(), now(), v.custom::jsonb
                from taken, (values (1, @One), (2, @Two), (3, @Three)) as v(n, custom)
                returning id
                """,
                new
                {
                    A = a.Id, A1 = a.First, U = users[0],
                    One = $$"""{"{{text}}": "Склад \"Север\" \\ Ёлкино"}""",
                    Two = $$"""{"{{select}}": "склад \"север\" \\ елкино"}""",
                    Three = $$"""{"{{multi}}": ["шины", "Диски \"R17\""]}""",
                })).ToList();
        }
        try
        {
            var f = new { F = text.ToString(), M = multi.ToString() };
            var found = await FilteredAsync(client, $"f.cf.{text}=" + Uri.EscapeDataString(@"~СЕВЕР"" \ елк"));
            Assert.Equal(await ExpectedAsync("name", @"d.custom ->> @F like '%Север"" \\ Ёлк%'", f), found);
            Assert.Single(found);
            Assert.Equal(await ExpectedAsync("name", "d.custom ->> @M like '%R17%'", f),
                await FilteredAsync(client, $"f.cf.{multi}=~r17"));
            Assert.Equal(await ExpectedAsync("name", "d.custom ->> @M like '%шины%'", f), await FilteredAsync(client, $"f.cf.{multi}=~шины"));
        }
        finally
        {
            await using var db = await app.OpenDatabaseAsync();
            await db.ExecuteAsync("update deals.deals set deleted_at = now() where id = any(@extras)", new { extras });
        }
    }

    [Fact]
    public async Task In_filters_on_stage_user_pipeline_currency_and_options()
    {
        using var client = await app.SignedInAsync();
        Assert.Equal(await ExpectedAsync("name", "d.stage_id in (@First, @Won)", new { a.First, b.Won }),
            await FilteredAsync(client, $"f.stage=in:{a.First},{b.Won}"));
        Assert.Equal(await ExpectedAsync("name", "d.responsible_id = @U", new { U = users[1] }), await FilteredAsync(client, $"f.responsible=in:{users[1]}"));
        var byB = await WalkAsync(client, $"sort=budget&f.pipeline=in:{b.Id}", 200);
        Assert.Equal(await ExpectedAsync("budget", "d.pipeline_id = @Id", new { b.Id }), byB);
        Assert.Equal(Count / 2, byB.Count);
        Assert.Equal(await ExpectedAsync("name", "d.currency = 'USD'"), await FilteredAsync(client, "f.currency=in:usd"));

        // an option with a comma is written with \,
        var f = new { F = select.ToString() };
        Assert.Equal(await ExpectedAsync("name", "d.custom ->> @F in ('звонок, входящий', 'выставка')", f),
            await FilteredAsync(client, $"f.cf.{select}=" + Uri.EscapeDataString(@"in:звонок\, входящий,выставка")));
        Assert.Equal(await ExpectedAsync("name", "d.custom -> @F ? 'диски'", new { F = multi.ToString() }),
            await FilteredAsync(client, $"f.cf.{multi}=in:диски"));
        Assert.Equal(await ExpectedAsync("name", "(d.custom -> @F)::boolean", new { F = check.ToString() }),
            await FilteredAsync(client, $"f.cf.{check}=true"));
        Assert.Equal(Count / 2, (await FilteredAsync(client, $"f.cf.{check}=false")).Count);

        // filters together, sorted by a custom field
        Assert.Equal(await ExpectedAsync($"-cf.{num}", "d.stage_id = any(@S) and d.budget > 0 and translate(lower(d.name), 'ё', 'е') like '%альфа%'", new { S = new[] { a.First, a.Second, b.First, b.Second } }),
            await WalkAsync(client, $"{scope}&sort=-cf.{num}&f.stage=in:{a.First},{a.Second},{b.First},{b.Second}&f.budget=0.01..&f.name=~альфа", 3));
    }

    [Fact]
    public async Task Status_picks_open_won_or_lost_deals_by_the_kind_of_their_stage()
    {
        using var client = await app.SignedInAsync();
        // one lost deal in each pipeline besides the bulk's open and won ones (soft-deleted at the end, as the others expect 60)
        List<Guid> extras;
        await using (var db = await app.OpenDatabaseAsync())
        {
            extras = (await db.QueryAsync<Guid>(
                """
                with taken as (update deals.deal_numbers set last_number = last_number + 2 returning last_number - 2 as base)
                insert into deals.deals (id, number, name, pipeline_id, stage_id, budget, currency, responsible_id, created_by,
                                         created_at, updated_at, stage_entered_at, closed_at)
                select gen_random_uuid(), taken.base + n, 'Проигранная ' || n, p.pipeline, p.stage, 100, 'RUB', @U, @U, now(), now(), now(), now()
                from taken, (values (1, @A, @ALost), (2, @B, @BLost)) as p(n, pipeline, stage)
                returning id
                """,
                new { A = a.Id, ALost = a.Lost, B = b.Id, BLost = b.Lost, U = users[0] })).ToList();
        }
        var won = new { Won = new[] { a.Won, b.Won } };
        var lost = new { Lost = new[] { a.Lost, b.Lost } };
        var wonDeals = await FilteredAsync(client, "f.status=in:won");
        Assert.Equal(await ExpectedAsync("name", "d.stage_id = any(@Won)", won), wonDeals);
        Assert.NotEmpty(wonDeals);
        var lostDeals = await FilteredAsync(client, "f.status=in:lost");
        Assert.Equal(await ExpectedAsync("name", "d.stage_id = any(@Lost)", lost), lostDeals);
        Assert.Equal(2, lostDeals.Count);
        Assert.Equal(await ExpectedAsync("name", "s.kind in ('open', 'unsorted')"), await FilteredAsync(client, "f.status=in:open"));
        Assert.Equal(await ExpectedAsync("name", "s.kind in ('won', 'lost')"), await FilteredAsync(client, "f.status=in:won,lost"));
        // with another filter, and the totals of the first page
        Assert.Equal(await ExpectedAsync("name", "d.stage_id = any(@Won) and d.budget > 0", won), await FilteredAsync(client, "f.status=in:won&f.budget=0.01.."));
        var page = await PageAsync(client, $"{scope}&f.status=in:won,lost&limit=1");
        Assert.Equal((await ExpectedAsync("name", "s.kind in ('won', 'lost')")).Count, page.GetProperty("total").GetInt64());
        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync("update deals.deals set deleted_at = now() where id = any(@extras)", new { extras });
        }
    }

    [Fact]
    public async Task Totals_count_and_sum_per_currency_what_the_filters_select_on_the_first_page_only()
    {
        using var client = await app.SignedInAsync();
        await using var db = await app.OpenDatabaseAsync();
        async Task CheckAsync(string query, string where, object? parameters = null)
        {
            var args = new DynamicParameters(parameters);
            args.Add("Pipelines", new[] { a.Id, b.Id });
            var expected = (await db.QueryAsync<(string Currency, long Count, decimal Sum)>(
                $"""
                select currency::text, count(*), coalesce(sum(budget), 0) from deals.deals d
                where deleted_at is null and pipeline_id = any(@Pipelines) and {where} group by currency order by currency <> 'RUB', currency
                """, args)).ToList();
            var page = await PageAsync(client, $"{query}&limit=5");
            Assert.Equal(expected.Sum(e => e.Count), page.GetProperty("total").GetInt64());
            Assert.Equal(expected.Where(e => e.Sum != 0).Select(e => (e.Currency, e.Sum)),
                page.GetProperty("budgetSums").EnumerateArray().Select(s => (s.Text("currency"), s.GetProperty("amount").GetDecimal())));
            var next = await PageAsync(client, $"{query}&limit=5&after={page.GetProperty("nextCursor").GetString()}");
            Assert.Equal(JsonValueKind.Null, next.GetProperty("total").ValueKind);
            Assert.Equal(JsonValueKind.Null, next.GetProperty("budgetSums").ValueKind);
            // the same totals on their own, and a first page asked without them
            var totals = await (await client.GetAsync($"/api/deals/totals?{query}")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(page.GetProperty("total").GetInt64(), totals.GetProperty("total").GetInt64());
            Assert.Equal(page.GetProperty("budgetSums").GetRawText(), totals.GetProperty("budgetSums").GetRawText());
            var bare = await PageAsync(client, $"{query}&limit=5&totals=false");
            Assert.Equal(page.GetProperty("items").GetRawText(), bare.GetProperty("items").GetRawText());
            Assert.Equal(JsonValueKind.Null, bare.GetProperty("total").ValueKind);
        }
        await CheckAsync(scope, "true");
        await CheckAsync($"pipelineId={a.Id}&f.responsible=in:{users[0]},{users[2]}", "d.pipeline_id = @Id and d.responsible_id <> @U", new { a.Id, U = users[1] });
        await CheckAsync($"{scope}&f.stage=in:{a.First},{b.First},{b.Second}", "d.stage_id in (@A1, @B1, @B2)", new { A1 = a.First, B1 = b.First, B2 = b.Second });
        await CheckAsync($"{scope}&f.name=~альфа", "lower(d.name) like '%альфа%'");
        // «Сделки без задач», alone and with the kept dimensions (read from the trigger-kept totals), and with another filter
        await CheckAsync($"{scope}&f.nextTask=empty&f.closed=empty", "d.next_task_due is null and d.closed_at is null");
        await CheckAsync($"{scope}&f.nextTask=empty&f.closed=empty&f.responsible=in:{users[0]},{users[1]}&f.status=in:open",
            "d.next_task_due is null and d.closed_at is null and d.responsible_id <> @U and d.stage_id <> all(@Won)",
            new { U = users[2], Won = new[] { a.Won, b.Won } });
        await CheckAsync($"pipelineId={b.Id}&f.nextTask=empty&f.closed=empty", "d.pipeline_id = @Id and d.next_task_due is null and d.closed_at is null", new { b.Id });
        await CheckAsync($"{scope}&f.nextTask=empty&f.closed=empty&f.name=~альфа", "d.next_task_due is null and d.closed_at is null and lower(d.name) like '%альфа%'");
    }

    [Fact]
    public async Task Every_signed_in_user_reads_every_deal_and_an_anonymous_caller_none()
    {
        var (manager, _) = await app.UserAsync();
        using (manager)
        {
            Assert.Equal(await ExpectedAsync("name"), await WalkAsync(manager, $"{scope}&sort=name", 100));
        }
        using var anonymous = app.Client();
        await (await anonymous.GetAsync($"/api/deals?{scope}")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("f.nope=~x", "f.nope")]
    [InlineData("f.cf.00000000-0000-0000-0000-000000000001=~x", "f.cf.00000000-0000-0000-0000-000000000001")]
    [InlineData("f.budget=abc..", "f.budget")]
    [InlineData("f.budget=100", "f.budget")]
    [InlineData("f.budget=1..2..3", "f.budget")]
    [InlineData("f.budget=..", "f.budget")]
    [InlineData("f.name=elka", "f.name")]
    [InlineData("f.name=~", "f.name")]
    [InlineData("f.name=empty", "f.name")]
    [InlineData("f.stage=in:not-an-id", "f.stage")]
    [InlineData("f.stage=in:", "f.stage")]
    [InlineData("f.status=in:closed", "f.status")]
    [InlineData("f.status=won", "f.status")]
    [InlineData("f.status=empty", "f.status")]
    [InlineData("f.created=2026-13-01..", "f.created")]
    [InlineData("f.created=2026-01-01T10:00..", "f.created")]
    [InlineData("f.budget=1..&f.budget=2..", "f.budget")]
    [InlineData("sort=goal", "sort")]
    [InlineData("sort=-", "sort")]
    [InlineData("after=garbage", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    public async Task A_bad_filter_sort_or_cursor_is_a_400_naming_it(string query, string field)
    {
        using var client = await app.SignedInAsync();
        var problem = await (await client.GetAsync($"/api/deals?{query}")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors(field));
        if (query.StartsWith("f.", StringComparison.Ordinal))
        {
            var totals = await (await client.GetAsync($"/api/deals/totals?{query}")).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotEmpty(totals.FieldErrors(field));
        }
    }

    [Fact]
    public async Task A_cursor_of_another_sort_is_refused_and_the_linked_deals_still_answer_as_before()
    {
        using var client = await app.SignedInAsync();
        var page = await PageAsync(client, $"{scope}&sort=budget&limit=3");
        var cursor = page.GetProperty("nextCursor").GetString();
        var problem = await (await client.GetAsync($"/api/deals?{scope}&sort=name&after={cursor}")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("after"));

        var linked = await (await client.GetAsync($"/api/deals?companyId={Guid.NewGuid()}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, linked.GetProperty("total").GetInt64());
        Assert.False(linked.TryGetProperty("nextCursor", out _));
    }

    [Fact]
    public void The_sql_holds_no_text_the_user_typed_only_parameters()
    {
        const string Marker = "x'); drop table deals.deals; --";
        var fieldId = Guid.NewGuid();
        var fields = new Dictionary<Guid, CustomFieldDefinition>
        {
            [fieldId] = new(fieldId, CustomFieldTypes.Select, $"[\"{Marker}\"]"),
        };
        var filters = new Dictionary<string, string>
        {
            ["name"] = "~" + Marker,
            ["company"] = "~" + Marker,
            [$"cf.{fieldId}"] = "in:" + Marker.Replace(",", "\\,", StringComparison.Ordinal),
        };
        var table = new DealTableQuery(Guid.NewGuid(), $"-cf.{fieldId}", filters, fields);
        Assert.DoesNotContain("drop table", table.Where, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(fieldId.ToString(), table.Where, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(table.Parameters.ParameterNames, n => ((object?)table.Parameters.Get<object>(n))?.ToString()?.Contains("drop table", StringComparison.Ordinal) == true);
    }
    /// <summary>
    /// A «contains» page first looks through the sort's first rows (5,000), then asks the trigram candidates:
    /// a word in every other deal fills its pages from the first, a word only in the oldest deals is found
    /// past them, both walked in full and in order.
    /// </summary>
    [Fact]
    public async Task A_contains_filter_pages_a_common_word_and_a_word_past_the_first_rows_alike()
    {
        var many = await app.PipelineAsync("Таблица В");
        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync(
                """
                with taken as (update deals.deal_numbers set last_number = last_number + 5200 returning last_number - 5200 as base)
                insert into deals.deals (id, number, name, pipeline_id, stage_id, currency, responsible_id, created_by,
                                         created_at, updated_at, stage_entered_at, custom)
                select gen_random_uuid(), taken.base + g,
                       case when g <= 70 then 'Редкий заказ ' || g when g % 2 = 0 then 'Частый заказ ' || g else 'Заказ ' || g end,
                       @Pipeline, @Stage, 'RUB', @User, @User,
                       timestamptz '2026-01-01 00:00:00+00', timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute', now(),
                       jsonb_build_object(@Text, case when g <= 70 then 'Редкий город' else 'Город ' || g % 2 end)
                from generate_series(1, 5200) g, taken
                """,
                new { Pipeline = many.Id, Stage = many.First, User = users[0], Text = text.ToString() });
        }
        using var client = await app.SignedInAsync();

        async Task<List<Guid>> ExpectedOfAsync(string where, object parameters)
        {
            await using var db = await app.OpenDatabaseAsync();
            var args = new DynamicParameters(parameters);
            args.Add("Pipeline", many.Id);
            return (await db.QueryAsync<Guid>(
                $"select d.id from deals.deals d where d.pipeline_id = @Pipeline and {where} order by d.updated_at desc, d.id desc", args)).ToList();
        }

        async Task<List<Guid>> WalkAllAsync(string filter)
        {
            var ids = new List<Guid>();
            string? cursor = null;
            do
            {
                var page = await PageAsync(client, $"pipelineId={many.Id}&sort=-updated&limit=200&totals=false&{filter}" + (cursor is null ? "" : $"&after={cursor}"));
                ids.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Id()));
                cursor = page.GetProperty("nextCursor").GetString();
            }
            while (cursor is not null && ids.Count <= 5200);
            return ids;
        }

        var common = await WalkAllAsync("f.name=~частый");
        Assert.Equal(await ExpectedOfAsync("d.name like 'Частый%'", new { }), common);
        Assert.Equal(2565, common.Count);
        var rare = await WalkAllAsync("f.name=~редкий");
        Assert.Equal(await ExpectedOfAsync("d.name like 'Редкий%'", new { }), rare);
        Assert.Equal(70, rare.Count);
        Assert.Equal(rare, await WalkAllAsync($"f.cf.{text}=~редкий"));
        Assert.Equal(
            await ExpectedOfAsync("d.custom ->> @F = 'Город 0'", new { F = text.ToString() }),
            await WalkAllAsync($"f.cf.{text}=~город%200"));
    }
}
