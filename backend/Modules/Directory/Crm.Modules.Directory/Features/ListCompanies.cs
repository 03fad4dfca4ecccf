using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Tables;
using Crm.BuildingBlocks.Text;
using Crm.Modules.Directory.Common;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// A user pages through the companies of the Lists, sorted and optionally searched by name, phone,
/// e-mail or tax id, each with its open deal and task counts; the ready filter
/// <c>without-deals-and-tasks</c> ("компании без сделок и задач") keeps the companies with neither
/// (the <c>idle</c> flag, with a partial index and a kept total: see docs/directory-api.md).
/// </summary>
internal static class ListCompanies
{
    /// <summary>The ready filter: companies with no open deal and no open task.</summary>
    public const string WithoutDealsAndTasks = "without-deals-and-tasks";

    /// <param name="Filters">The <c>f.&lt;column&gt;</c> column filters, by column (docs/directory-api.md, "The tables").</param>
    public sealed record Query(
        string? Q, string? Sort, int? Page, int? PageSize, string? Filter = null, string? After = null, int? Limit = null,
        IReadOnlyDictionary<string, string>? Filters = null) : IQuery<PageResponse<Item>>;

    /// <summary>A row of the companies table.</summary>
    public sealed record Item(
        Guid Id, string Name, string? Phone, string? Email, string? Region, string? TaxId, Guid ResponsibleId, int ContactCount,
        DateTimeOffset UpdatedAt, int OpenDealCount, int OpenTaskCount)
    {
        /// <summary>Its tags, in order (read for the page's rows after the page).</summary>
        public IReadOnlyList<Tags.Tag> Tags { get; init; } = [];
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            this.ValidPaging(x => x.Sort, x => x.Page, x => x.PageSize, x => x.Q, "name");
            this.ValidLimit(x => x.Limit);
            RuleFor(x => x.Filter).Must(f => f is null or WithoutDealsAndTasks)
                .WithMessage(_ => T.Pick($"Фильтр: {WithoutDealsAndTasks}", $"The filter is {WithoutDealsAndTasks}"));
        }
    }

    /// <summary>
    /// The query of a page (@PageSize rows after @Offset): the page's companies are picked first, on
    /// the sort's index, and only those get their first phone, e-mail and contact count, so a deep
    /// page costs the skipped index entries, not a subplan per skipped company.
    /// </summary>
    internal static string PageSql(string filter, Listing.SortKey key) =>
        $"""
        select c.id as Id, c.name as Name,
            (select p.number from directory.company_phones p where p.company_id = c.id order by p.position limit 1) as Phone,
            (select e.address from directory.company_emails e where e.company_id = c.id order by e.position limit 1) as Email,
            c.region as Region, c.tax_id as TaxId, c.responsible_id as ResponsibleId,
            (select count(*) from directory.contacts k where k.company_id = c.id and k.deleted_at is null)::int as ContactCount,
            c.updated_at as UpdatedAt,
            coalesce(f.open_deal_count, 0) as OpenDealCount, coalesce(f.open_task_count, 0) as OpenTaskCount, {key.ValueColumn}
        from (
            select c.* from directory.companies c
            where c.deleted_at is null{filter}
            order by {key.OrderBy}
            limit @PageSize offset @Offset
        ) c
        left join directory.company_facts f on f.company_id = c.id
        order by {key.OrderBy}
        """;

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, PageResponse<Item>>
    {
        public async ValueTask<PageResponse<Item>> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var filters = query.Filters ?? new Dictionary<string, string>();
            var idleOnly = query.Filter == WithoutDealsAndTasks;
            var keptTotal = idleOnly && SearchKeys.Fold(query.Q).Length == 0 && filters.Count == 0;
            var (filter, args) = await RecordTable.CompaniesWhereAsync(conn, query.Q, idleOnly, filters, ct);
            // without a search or column filters, the ready filter's total is kept as the flags change (idle_totals)
            var page = await RecordTable.PageAsync<Item>(
                conn, "companies", new RecordTable.Paging(query.Sort, "name", query.Page, query.PageSize, query.After, query.Limit), filter, args,
                keptTotal ? "select count from directory.idle_totals where list = 'companies'" : null, PageSql, i => i.Id, ct);
            var tags = await RecordTags.OfAsync(conn, Entities.Company, page.Items.Select(i => i.Id).ToList());
            return page with
            {
                Items = page.Items.Select(i => i with
                {
                    Phone = i.Phone is null ? null : Phones.Display(i.Phone),
                    Tags = tags.GetValueOrDefault(i.Id) ?? [],
                }).ToList(),
            };
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/directory/companies",
                    async (string? q, string? sort, int? page, int? pageSize, string? filter, string? after, int? limit, HttpRequest request,
                        ISender sender, CancellationToken ct) =>
                        Results.Ok(await sender.Send(new Query(q, sort, page, pageSize, filter, after, limit, ColumnFilters.Of(request.Query)), ct)))
                .WithName(nameof(ListCompanies))
                .WithTags("Directory")
                .WithSummary("A page of companies, sorted, searched, filtered per column (f.<column>=…) and optionally without deals and tasks; by page or by keyset (after/limit)")
                .Produces<PageResponse<Item>>()
                .ProducesValidationProblem();
    }
}
