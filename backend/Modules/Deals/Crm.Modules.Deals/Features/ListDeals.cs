using System.Text.Json;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Deals.Common;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// The deals table («Список»): the deals of one pipeline or of all, sorted by any column the user
/// picks, filtered per column, a keyset page at a time, with the count and budget sums of everything
/// the filters select on the first page (unless asked without them: the table asks them apart,
/// <see cref="GetDealTableTotals"/>, and shows the rows first). The grammar is in
/// docs/pipelines-deals-api.md ("The deals table").
/// </summary>
internal static class ListDeals
{
    public sealed record Item(
        Guid Id, long Number, string Name, Guid PipelineId, Guid StageId, decimal? Budget, string Currency, Guid ResponsibleId,
        Guid? CompanyId, string? CompanyName, Guid? ContactId, string? ContactName, DateTimeOffset? Deadline,
        IReadOnlyDictionary<string, JsonElement> CustomFields, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt,
        DateTimeOffset StageEnteredAt, int Version, int OpenTaskCount, DateTimeOffset? NextTaskDue, IReadOnlyList<Tags.Tag> Tags);

    /// <summary>A page; <c>Total</c> and <c>BudgetSums</c> only on the first page (no cursor given) unless <c>totals=false</c>, else null.</summary>
    public sealed record Page(
        IReadOnlyList<Item> Items, string? NextCursor, long? Total, IReadOnlyList<DealTableQuery.BudgetSum>? BudgetSums);

    /// <param name="Filters">The <c>f.&lt;column&gt;</c> query parameters, by column.</param>
    /// <param name="Totals">False: no totals on the first page either.</param>
    public sealed record Query(
        Guid? PipelineId, string? Sort, string? After, int? Limit, IReadOnlyDictionary<string, string> Filters, bool Totals = true)
        : IQuery<Page>;

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Limit).InclusiveBetween(1, DealTableQuery.MaxLimit)
                .WithMessage(_ => T.Pick($"limit: от 1 до {DealTableQuery.MaxLimit}", $"limit must be 1 to {DealTableQuery.MaxLimit}"));
            RuleFor(q => q.Sort).MaximumLength(50);
        }
    }

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, Page>
    {
        public async ValueTask<Page> Handle(Query query, CancellationToken ct)
        {
            TableCursor? after = string.IsNullOrEmpty(query.After) ? null : TableCursor.Decode(query.After);
            var conn = await db.ConnectionAsync(ct);
            var customFields = await DealTableQuery.CustomFieldsAsync(conn);
            var table = new DealTableQuery(query.PipelineId, query.Sort, query.Filters, customFields);
            var limit = query.Limit ?? DealTableQuery.DefaultLimit;
            var rows = await table.PageAsync(conn, after, limit);
            var next = rows.Count > limit ? table.CursorAfter(rows[limit - 1]).Encode() : null;
            var totals = after is null && query.Totals ? await table.TotalsAsync(conn) : null;
            var page = rows.Take(limit).ToList();
            var tags = await DealTags.OfAsync(conn, page.Select(r => r.Id).ToList());
            var items = page.Select(r => new Item(
                r.Id, r.Number, r.Name, r.PipelineId, r.StageId, r.Budget, r.Currency, r.ResponsibleId, r.CompanyId, r.CompanyName,
                r.ContactId, r.ContactName, r.Deadline, r.CustomFields(), r.CreatedAt, r.UpdatedAt, r.ClosedAt, r.StageEnteredAt,
                r.Version, r.OpenTaskCount, r.NextTaskDue, tags.GetValueOrDefault(r.Id) ?? [])).ToList();
            return new Page(items, next, totals?.Count, totals?.BudgetSums);
        }
    }

    /// <summary>
    /// <c>GET /api/deals</c>: with <c>companyId</c> or <c>contactId</c> it answers as before (ListLinkedDeals,
    /// a company's or contact's deals); without them it is the table.
    /// </summary>
    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/deals",
                    async (Guid? companyId, Guid? contactId, int? page, int? pageSize, Guid? pipelineId, string? sort, string? after, int? limit,
                        bool? totals, HttpRequest request, ISender sender, CancellationToken ct) =>
                    {
                        if (companyId is not null || contactId is not null)
                        {
                            return Results.Ok(await sender.Send(new ListLinkedDeals.Query(companyId, contactId, page, pageSize), ct));
                        }
                        return Results.Ok(await sender.Send(new Query(pipelineId, sort, after, limit, ColumnFilters.Of(request.Query), totals ?? true), ct));
                    })
                .WithName(nameof(ListDeals))
                .WithTags("Deals")
                .WithSummary("The deals table: one pipeline or all, any sort, column filters (f.<column>=…), keyset pages, totals")
                .WithDescription("With companyId or contactId: the deals of a company or contact (LinkedDeal pages), as before. See docs/pipelines-deals-api.md, \"The deals table\", for sort and the filter grammar.")
                .Produces<Page>()
                .ProducesValidationProblem();
    }
}
