using System.Net;
using System.Text.Json;
using Crm.Tests.Integration.Infrastructure;
using Dapper;

namespace Crm.Tests.Integration.Deals;

/// <summary>GetBoard and GetBoardStagePage: counts and sums over whole columns under the filters, keyset pages.</summary>
public sealed class GetBoardTests(CrmApp app) : IClassFixture<CrmApp>
{
    private static JsonElement Column(JsonElement board, Guid stageId) =>
        board.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stageId").GetGuid() == stageId);

    private static IEnumerable<Guid> CardIds(JsonElement column) => column.GetProperty("cards").EnumerateArray().Select(c => c.Id());

    /// <summary>Puts <paramref name="count"/> deals in a stage in one insert: budget g, every second one the manager's, two by two in the same second.</summary>
    private async Task BulkAsync(TestPipeline pipeline, Guid stageId, int count, Guid managerId, Guid otherId)
    {
        await using var db = await app.OpenDatabaseAsync();
        await db.ExecuteAsync(
            """
            with taken as (update deals.deal_numbers set last_number = last_number + @Count returning last_number - @Count as base)
            insert into deals.deals (id, number, name, pipeline_id, stage_id, budget, currency, responsible_id, created_by,
                                     created_at, updated_at, stage_entered_at)
            select gen_random_uuid(), taken.base + g, 'Массовая ' || g, @Pipeline, @Stage, g, 'RUB',
                   case when g % 2 = 0 then @Manager else @Other end, @Other, now(), now(),
                   timestamptz '2026-01-01 00:00:00+00' + (g / 2) * interval '1 second'
            from generate_series(1, @Count) g, taken
            """,
            new { Pipeline = pipeline.Id, Stage = stageId, Count = count, Manager = managerId, Other = otherId });
    }

    private async Task<List<Guid>> ExpectedOrderAsync(Guid stageId, Guid? responsibleId = null)
    {
        await using var db = await app.OpenDatabaseAsync();
        return (await db.QueryAsync<Guid>(
            """
            select id from deals.deals
            where stage_id = @stageId and deleted_at is null and (@responsibleId::uuid is null or responsible_id = @responsibleId)
            order by stage_entered_at desc, id desc
            """,
            new { stageId, responsibleId })).ToList();
    }

    [Fact]
    public async Task Every_stage_in_order_with_counts_sums_and_newest_cards_first()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var a = await admin.CreateDealAsync(pipeline, new { name = "Альфа", budget = 100.10m, companyId = await app.CompanyAsync("Рога и копыта") });
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var b = await admin.CreateDealAsync(pipeline, new { name = "Бета", budget = 200m });
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var c = await admin.CreateDealAsync(pipeline, new { name = "Гамма" });
        var d = await admin.CreateDealAsync(pipeline, new { name = "Дельта", budget = 5m });
        await using (var db = await app.OpenDatabaseAsync())
        {
            // A deal left in «Неразобранное» from before Inbox (none may enter it now) still shows there.
            await db.ExecuteAsync("update deals.deals set stage_id = @Unsorted where id = @Id", new { pipeline.Unsorted, Id = d.Id() });
        }

        var board = await (await admin.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(pipeline.Id, board.GetProperty("pipelineId").GetGuid());
        Assert.Equal(pipeline.StageIds, board.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stageId").GetGuid()));

        var first = Column(board, pipeline.First);
        Assert.Equal(3, first.GetProperty("count").GetInt64());
        Assert.Equal(300.10m, first.RoubleSum());
        Assert.Equal([c.Id(), b.Id(), a.Id()], CardIds(first));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("nextCursor").ValueKind);
        var card = first.GetProperty("cards")[2];
        Assert.Equal("Альфа", card.Text("name"));
        Assert.Equal("Рога и копыта", card.Text("companyName"));
        Assert.Equal(100.10m, card.GetProperty("budget").GetDecimal());
        Assert.Equal("RUB", card.Text("currency"));
        Assert.Equal(a.GetProperty("number").GetInt64(), card.GetProperty("number").GetInt64());
        Assert.Equal(1, card.Version());

        Assert.Equal([d.Id()], CardIds(Column(board, pipeline.Unsorted)));
        var won = Column(board, pipeline.Won);
        Assert.Equal(0, won.GetProperty("count").GetInt64());
        Assert.Equal(0m, won.RoubleSum());
        Assert.Empty(CardIds(won));
    }

    [Fact]
    public async Task Filters_by_responsible_and_by_name_or_number_apply_to_counts_sums_and_cards()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var (manager, managerId) = await app.UserAsync();
        var mine1 = await manager.CreateDealAsync(pipeline, new { name = "Шины для ООО Вектор", budget = 10m });
        var mine2 = await manager.CreateDealAsync(pipeline, new { name = "Диски", budget = 20m }, pipeline.Second);
        var theirs = await admin.CreateDealAsync(pipeline, new { name = "шины зимние", budget = 40m });
        var percent = await admin.CreateDealAsync(pipeline, new { name = "Скидка 100% на всё", budget = 80m });

        var mine = await (await manager.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}&responsibleId={managerId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([mine1.Id()], CardIds(Column(mine, pipeline.First)));
        Assert.Equal(10m, Column(mine, pipeline.First).RoubleSum());
        Assert.Equal(1, Column(mine, pipeline.Second).GetProperty("count").GetInt64());
        Assert.Equal([mine2.Id()], CardIds(Column(mine, pipeline.Second)));

        var tyres = await (await manager.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}&q=ШИНЫ")).JsonAsync(HttpStatusCode.OK);
        var tyresColumn = Column(tyres, pipeline.First);
        Assert.Equal(2, tyresColumn.GetProperty("count").GetInt64());
        Assert.Equal(50m, tyresColumn.RoubleSum());
        Assert.Equal(new[] { mine1.Id(), theirs.Id() }.Order(), CardIds(tyresColumn).Order());
        Assert.Equal(0, Column(tyres, pipeline.Second).GetProperty("count").GetInt64());

        var both = await (await manager.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}&q=шины&responsibleId={managerId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([mine1.Id()], CardIds(Column(both, pipeline.First)));

        var byNumber = await (await manager.GetAsync(
            $"/api/deals/board?pipelineId={pipeline.Id}&q=%23{mine2.GetProperty("number").GetInt64()}")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(mine2.Id(), CardIds(Column(byNumber, pipeline.Second)));

        // LIKE wildcards in q are plain characters
        var literal = await (await manager.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}&q=100%25")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([percent.Id()], CardIds(Column(literal, pipeline.First)));
        var underscore = await (await manager.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}&q=_")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, Column(underscore, pipeline.First).GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task A_common_word_and_a_rare_word_find_the_same_cards_as_a_full_scan_and_e_matches_yo()
    {
        // 120 deals named "Массовая N" in one column: "массовая" matches nearly all of them (the
        // column is walked in keyset order), "елочная" one of them (its matches are ranked).
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var (_, otherId) = await app.UserAsync();
        await BulkAsync(pipeline, pipeline.Second, 120, managerId, otherId);
        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync("update deals.deals set name = 'Ёлочная поставка' where stage_id = @Second and name = 'Массовая 7'",
                new { pipeline.Second });
        }
        async Task<List<Guid>> ExpectedAsync(string like)
        {
            await using var db = await app.OpenDatabaseAsync();
            return (await db.QueryAsync<Guid>(
                """
                select id from deals.deals
                where stage_id = @Second and deleted_at is null and name ilike @like
                order by stage_entered_at desc, id desc
                """,
                new { pipeline.Second, like })).ToList();
        }

        var common = Column(await (await manager.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}&q=МАССОВАЯ"))
            .JsonAsync(HttpStatusCode.OK), pipeline.Second);
        var commonExpected = await ExpectedAsync("%массовая%");
        Assert.Equal(119, commonExpected.Count);
        Assert.Equal(119, common.GetProperty("count").GetInt64());
        Assert.Equal(7260m - 7m, common.RoubleSum());
        var seen = CardIds(common).ToList();
        var cursor = common.GetProperty("nextCursor").GetString();
        while (cursor is not null)
        {
            var page = await (await manager.GetAsync($"/api/deals/board/stages/{pipeline.Second}?q=МАССОВАЯ&after={cursor}"))
                .JsonAsync(HttpStatusCode.OK);
            seen.AddRange(CardIds(page));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        Assert.Equal(commonExpected, seen);

        foreach (var q in new[] { "елочная", "ЁЛОЧН", "ёлочная пост" })
        {
            var rare = Column(await (await manager.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}&q={Uri.EscapeDataString(q)}"))
                .JsonAsync(HttpStatusCode.OK), pipeline.Second);
            Assert.Equal(1, rare.GetProperty("count").GetInt64());
            Assert.Equal(await ExpectedAsync("%ёлочная%"), CardIds(rare));
            Assert.Equal(JsonValueKind.Null, rare.GetProperty("nextCursor").ValueKind);
        }
    }

    [Fact]
    public async Task A_long_column_is_paged_by_keyset_without_gaps_or_repeats()
    {
        var pipeline = await app.PipelineAsync();
        var (manager, managerId) = await app.UserAsync();
        var (_, otherId) = await app.UserAsync();
        await BulkAsync(pipeline, pipeline.Second, 120, managerId, otherId);

        var board = await (await manager.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}")).JsonAsync(HttpStatusCode.OK);
        var column = Column(board, pipeline.Second);
        Assert.Equal(120, column.GetProperty("count").GetInt64());
        Assert.Equal(7260m, column.RoubleSum());
        var seen = CardIds(column).ToList();
        Assert.Equal(50, seen.Count);
        var cursor = column.GetProperty("nextCursor").GetString();
        var pages = 1;
        while (cursor is not null)
        {
            var page = await (await manager.GetAsync($"/api/deals/board/stages/{pipeline.Second}?after={cursor}")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(pipeline.Second, page.GetProperty("stageId").GetGuid());
            seen.AddRange(CardIds(page));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        Assert.Equal(3, pages);
        Assert.Equal(await ExpectedOrderAsync(pipeline.Second), seen);

        var mine = await (await manager.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}&responsibleId={managerId}")).JsonAsync(HttpStatusCode.OK);
        var mineColumn = Column(mine, pipeline.Second);
        Assert.Equal(60, mineColumn.GetProperty("count").GetInt64());
        Assert.Equal(3660m, mineColumn.RoubleSum());
        var mineSeen = CardIds(mineColumn).ToList();
        Assert.Equal(50, mineSeen.Count);
        var next = await (await manager.GetAsync(
            $"/api/deals/board/stages/{pipeline.Second}?responsibleId={managerId}&after={mineColumn.GetProperty("nextCursor").GetString()}"))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, next.GetProperty("nextCursor").ValueKind);
        mineSeen.AddRange(CardIds(next));
        Assert.Equal(await ExpectedOrderAsync(pipeline.Second, managerId), mineSeen);

        var first = await (await manager.GetAsync($"/api/deals/board/stages/{pipeline.Second}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(seen.Take(50), CardIds(first));
    }

    [Fact]
    public async Task Counts_and_sums_stay_equal_to_the_deals_through_moves_edits_assignment_closing_and_deletion()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var (manager, managerId) = await app.UserAsync();
        var (_, colleagueId) = await app.UserAsync();
        await BulkAsync(pipeline, pipeline.Unsorted, 30, managerId, colleagueId);
        var a = await manager.CreateDealAsync(pipeline, new { budget = 10m });
        var b = await manager.CreateDealAsync(pipeline, new { budget = 20.25m });
        var c = await admin.CreateDealAsync(pipeline, new { budget = 40m }, pipeline.Second);
        await (await manager.PostAsync($"/api/deals/{a.Id()}/stage", new { stageId = pipeline.Second })).JsonAsync(HttpStatusCode.OK);
        await (await manager.PutAsync($"/api/deals/{b.Id()}", new { name = "b", budget = 99.99m, currency = "RUB", version = b.Version() })).JsonAsync(HttpStatusCode.OK);
        await (await manager.PostAsync($"/api/deals/{b.Id()}/assign", new { responsibleId = colleagueId })).JsonAsync(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/deals/{c.Id()}/won")).JsonAsync(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/deals/{a.Id()}/lost", new { reason = "нет" })).JsonAsync(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/deals/{a.Id()}/stage", new { stageId = pipeline.First })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/deals/{c.Id()}")).StatusCode);

        await using var db = await app.OpenDatabaseAsync();
        foreach (var responsible in new Guid?[] { null, managerId, colleagueId })
        {
            var url = $"/api/deals/board?pipelineId={pipeline.Id}" + (responsible is null ? "" : $"&responsibleId={responsible}");
            var board = await (await admin.GetAsync(url)).JsonAsync(HttpStatusCode.OK);
            foreach (var stageId in pipeline.StageIds)
            {
                var expected = await db.QuerySingleAsync<(long Count, decimal Sum)>(
                    """
                    select count(*), coalesce(sum(budget), 0) from deals.deals
                    where stage_id = @stageId and deleted_at is null and (@responsible::uuid is null or responsible_id = @responsible)
                    """,
                    new { stageId, responsible });
                var column = Column(board, stageId);
                Assert.Equal(expected.Count, column.GetProperty("count").GetInt64());
                Assert.Equal(expected.Sum, column.RoubleSum());
            }
        }
        var mine = await (await admin.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}&responsibleId={managerId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, Column(mine, pipeline.First).GetProperty("count").GetInt64());
        Assert.Equal(10m, Column(mine, pipeline.First).RoubleSum());
    }

    [Fact]
    public async Task Bad_queries_are_refused()
    {
        var pipeline = await app.PipelineAsync();
        using var admin = await app.SignedInAsync();
        var missing = await (await admin.GetAsync("/api/deals/board")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(missing.FieldErrors("pipelineId"));
        await (await admin.GetAsync($"/api/deals/board?pipelineId={Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/api/deals/board/stages/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
        foreach (var after in new[] { "garbage!", "bm90LWEtY3Vyc29y", "MTIzNDU2" })
        {
            var problem = await (await admin.GetAsync($"/api/deals/board/stages/{pipeline.First}?after={after}")).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotEmpty(problem.FieldErrors("after"));
        }
        var longQ = await (await admin.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}&q={new string('q', 300)}")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(longQ.FieldErrors("q"));

        using var anonymous = app.Client();
        await (await anonymous.GetAsync($"/api/deals/board?pipelineId={pipeline.Id}")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"/api/deals/board/stages/{pipeline.First}")).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
