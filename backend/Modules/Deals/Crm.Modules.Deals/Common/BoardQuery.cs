using System.Buffers.Text;
using System.Data;
using System.Globalization;
using System.Text;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Deals.Common;

/// <summary>
/// The SQL GetBoard and GetBoardStagePage share: the filters (responsible, text, tasks), the keyset
/// page of a column and its opaque cursor.
/// </summary>
internal sealed class BoardQuery
{
    public const int PageSize = 50;

    /// <summary>The <c>tasks</c> filter: open deals without an open task ("без задач").</summary>
    public const string WithoutTasks = "none";

    /// <summary>The <c>tasks</c> filter: deals whose nearest open task is past due ("с просроченными задачами").</summary>
    public const string OverdueTasks = "overdue";

    private readonly List<string> conditions = ["d.deleted_at is null"];

    public BoardQuery(Guid? responsibleId, string? q, string? tasks = null, DateTimeOffset? now = null)
    {
        if (responsibleId is { } responsible)
        {
            conditions.Add("d.responsible_id = @ResponsibleId");
            Parameters.Add("ResponsibleId", responsible);
        }
        var text = q?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            // A substring of the name (any case, "ё" as "е") or of the number ("12" finds #12, #120
            // and #312; "#12" finds #12 and #120): deals.search holds both, folded, with the company and main contact (M0006, M0010).
            conditions.Add("d.search like @Pattern");
            Parameters.Add("Pattern", $"%{SearchText.EscapeLike(SearchText.Fold(text))}%");
        }
        if (tasks == WithoutTasks)
        {
            // the predicate of ix_deals_stage_without_tasks (M0008)
            conditions.Add("d.closed_at is null and d.open_task_count = 0");
        }
        else if (tasks == OverdueTasks)
        {
            // read at query time from the nearest due, so it never waits for TaskOverdue
            conditions.Add("d.next_task_due < @Now");
            Parameters.Add("Now", now ?? throw new ArgumentNullException(nameof(now)));
        }
        ByResponsible = responsibleId is not null;
        ByText = !string.IsNullOrEmpty(text);
        WithoutTask = tasks == WithoutTasks;
        Overdue = tasks == OverdueTasks;
    }

    /// <summary>Whether <paramref name="tasks"/> is a known value of the <c>tasks</c> filter (or none given).</summary>
    public static bool IsTasksFilter(string? tasks) => tasks is null or WithoutTasks or OverdueTasks;

    public DynamicParameters Parameters { get; } = new();

    /// <summary>The conditions on deals.deals aliased <c>d</c>, starting with "and"-able text.</summary>
    public string Where => string.Join(" and ", conditions);

    public bool ByResponsible { get; }

    public bool ByText { get; }

    public bool WithoutTask { get; }

    public bool Overdue { get; }

    /// <summary>Totals come from aggregating the matching deals (text or overdue), not from deals.stage_totals.</summary>
    private bool Aggregated => ByText || Overdue;

    public sealed record CardRow(
        Guid StageId, Guid Id, long Number, string Name, decimal? Budget, string Currency, Guid? CompanyId, string? CompanyName,
        Guid? ContactId, string? ContactName, Guid ResponsibleId, DateTimeOffset StageEnteredAt, DateTimeOffset? Deadline, int Version,
        int OpenTaskCount, DateTimeOffset? NextTaskDue)
    {
        public CardResponse ToCard() => new(
            Id, Number, Name, Budget, Currency, CompanyId, CompanyName, ContactId, ContactName, ResponsibleId, StageEnteredAt, Deadline, Version,
            OpenTaskCount, NextTaskDue);
    }

    /// <summary>
    /// Up to 51 cards of each stage (one more than a page tells whether there is a next page),
    /// newest in stage first. <paramref name="totals"/> are this query's own totals.
    /// </summary>
    public async Task<ILookup<Guid, CardRow>> FirstPagesAsync(
        IDbConnection conn, Guid pipelineId, IReadOnlyList<Guid> stageIds, IReadOnlyDictionary<Guid, Totals> totals)
    {
        Parameters.Add("PipelineId", pipelineId);
        if (!Aggregated)
        {
            // Each column walks its keyset index for 51 rows (without tasks: the partial index of
            // exactly those deals, ix_deals_stage_without_tasks).
            return (await WalkAsync(conn, stageIds)).ToLookup(r => r.StageId);
        }
        // With text (or overdue), a column either walks its keyset index until 51 cards match (cheap
        // for a common word: about 51 × size / matches rows) or ranks all its matches, which the
        // pipeline's trigram index (or ix_deals_next_task_due) hands out (cheap for a rare word).
        // The cheaper one per column.
        var sizes = await StageTotalsAsync(conn, stageIds);
        var walk = new List<Guid>();
        var rank = new List<Guid>();
        foreach (var stageId in stageIds)
        {
            var matches = totals.GetValueOrDefault(stageId)?.Count ?? 0;
            if (matches == 0)
            {
                continue;
            }
            var size = Math.Max(matches, sizes.GetValueOrDefault(stageId)?.Count ?? 0);
            (matches * matches >= (PageSize + 1) * size ? walk : rank).Add(stageId);
        }
        var rows = new List<CardRow>();
        if (walk.Count > 0)
        {
            rows.AddRange(await WalkAsync(conn, walk));
        }
        if (rank.Count > 0)
        {
            Parameters.Add("RankStageIds", rank.ToArray());
            rows.AddRange(await conn.QueryAsync<CardRow>(
                $"""
                select c.StageId, c.Id, c.Number, c.Name, c.Budget, c.Currency, c.CompanyId, c.CompanyName, c.ContactId, c.ContactName,
                       c.ResponsibleId, c.StageEnteredAt, c.Deadline, c.Version, c.OpenTaskCount, c.NextTaskDue
                from (
                    select d.stage_id as StageId, {CardResponse.Columns},
                           row_number() over (partition by d.stage_id order by d.stage_entered_at desc, d.id desc) as rank
                    from deals.deals d
                    where d.pipeline_id = @PipelineId and d.stage_id = any(@RankStageIds) and {Where}
                ) c
                where c.rank <= {PageSize + 1}
                """,
                Parameters));
        }
        return rows.ToLookup(r => r.StageId);
    }

    private async Task<IEnumerable<CardRow>> WalkAsync(IDbConnection conn, IReadOnlyList<Guid> stageIds)
    {
        Parameters.Add("WalkStageIds", stageIds.ToArray());
        return await conn.QueryAsync<CardRow>(
            $"""
            select s.id as StageId, c.*
            from unnest(@WalkStageIds) with ordinality as s(id, position)
            cross join lateral (
                select {CardResponse.Columns}
                from deals.deals d
                where d.stage_id = s.id and {Where}
                order by d.stage_entered_at desc, d.id desc
                limit {PageSize + 1}
            ) c
            order by s.position
            """,
            Parameters);
    }

    /// <summary>The page of one stage after <paramref name="after"/> (null: the first page).</summary>
    public async Task<IReadOnlyList<CardRow>> PageAsync(IDbConnection conn, Guid stageId, Cursor? after)
    {
        Parameters.Add("StageId", stageId);
        var keyset = "";
        if (after is { } cursor)
        {
            keyset = "and (d.stage_entered_at, d.id) < (@AfterAt, @AfterId)";
            Parameters.Add("AfterAt", cursor.StageEnteredAt);
            Parameters.Add("AfterId", cursor.Id);
        }
        return (await conn.QueryAsync<CardRow>(
            $"""
            select d.stage_id as StageId, {CardResponse.Columns}
            from deals.deals d
            where d.stage_id = @StageId and {Where} {keyset}
            order by d.stage_entered_at desc, d.id desc
            limit {PageSize + 1}
            """,
            Parameters)).AsList();
    }

    /// <summary>The money of a column's deals in one currency (sums never mix currencies: ADR 0005).</summary>
    public sealed record BudgetSum(string Currency, decimal Amount);

    /// <summary>A column's deal count, and its budget sums: one per currency with a non-zero sum, the default currency first, then by code.</summary>
    public sealed record Totals(long Count, IReadOnlyList<BudgetSum> BudgetSums)
    {
        public static readonly Totals None = new(0, []);
    }

    private sealed record TotalsRow(Guid StageId, string Currency, long Count, decimal Amount);

    /// <summary>Count and budget sums of every stage of the pipeline under the filters, over the whole stage.</summary>
    public async Task<IReadOnlyDictionary<Guid, Totals>> TotalsAsync(IDbConnection conn, Guid pipelineId, IReadOnlyList<Guid> stageIds)
    {
        if (!Aggregated)
        {
            return await StageTotalsAsync(conn, stageIds);
        }
        Parameters.Add("PipelineId", pipelineId);
        var rows = await conn.QueryAsync<TotalsRow>(
            $"""
            select d.stage_id as StageId, d.currency as Currency, count(*) as Count, coalesce(sum(d.budget), 0) as Amount
            from deals.deals d
            where d.pipeline_id = @PipelineId and {Where}
            group by d.stage_id, d.currency
            """,
            Parameters);
        return ByStage(rows);
    }

    /// <summary>
    /// The totals without the text and overdue filters, from deals.stage_totals (kept by a trigger per
    /// stage, responsible and currency; its "bare" columns count the open deals without an open task):
    /// a range of its primary key per stage.
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, Totals>> StageTotalsAsync(IDbConnection conn, IReadOnlyList<Guid> stageIds)
    {
        Parameters.Add("StageIds", stageIds.ToArray());
        var (count, sum) = WithoutTask ? ("bare_count", "bare_budget_sum") : ("deal_count", "budget_sum");
        var rows = await conn.QueryAsync<TotalsRow>(
            $"""
            select t.stage_id as StageId, t.currency as Currency, sum(t.{count})::bigint as Count, sum(t.{sum}) as Amount
            from deals.stage_totals t
            where t.stage_id = any(@StageIds) {(ByResponsible ? "and t.responsible_id = @ResponsibleId" : "")}
            group by t.stage_id, t.currency
            """,
            Parameters);
        return ByStage(rows);
    }

    private static Dictionary<Guid, Totals> ByStage(IEnumerable<TotalsRow> rows) =>
        rows.GroupBy(r => r.StageId).ToDictionary(
            g => g.Key,
            g => new Totals(
                g.Sum(r => r.Count),
                g.Where(r => r.Amount != 0)
                    .OrderBy(r => r.Currency != Currencies.Default).ThenBy(r => r.Currency, StringComparer.Ordinal)
                    .Select(r => new BudgetSum(r.Currency, r.Amount))
                    .ToList()));

    /// <summary>Splits a fetched page into the cards to show and the cursor of the next page.</summary>
    public static (IReadOnlyList<CardResponse> Cards, string? NextCursor) Paged(IEnumerable<CardRow> rows)
    {
        var list = rows.Take(PageSize + 1).ToList();
        var cards = list.Take(PageSize).Select(r => r.ToCard()).ToList();
        var next = list.Count > PageSize ? new Cursor(cards[^1].StageEnteredAt, cards[^1].Id).Encode() : null;
        return (cards, next);
    }

    /// <summary>Where a page ended: the last card's time in stage and id, as an opaque URL-safe string.</summary>
    public readonly record struct Cursor(DateTimeOffset StageEnteredAt, Guid Id)
    {
        public string Encode() =>
            Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{StageEnteredAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{Id:N}"));

        public static Cursor Decode(string text)
        {
            try
            {
                var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('.');
                if (parts.Length == 2
                    && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                    && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
                    && Guid.TryParseExact(parts[1], "N", out var id))
                {
                    return new Cursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
                }
            }
            catch (FormatException)
            {
            }
            throw new FieldValidationException("after", T.Pick("Неверная позиция страницы", "Invalid page cursor"));
        }
    }
}
