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
/// A user pages through the contacts of the Lists (or of one company), sorted and optionally
/// searched by name, phone or e-mail, each with its open task count; the ready filter
/// <c>without-tasks</c> ("контакты без задач") keeps the contacts without one (the <c>idle</c>
/// flag, with a partial index and a kept total: see docs/directory-api.md).
/// </summary>
internal static class ListContacts
{
    /// <summary>The ready filter: contacts with no open task.</summary>
    public const string WithoutTasks = "without-tasks";

    /// <param name="Filters">The <c>f.&lt;column&gt;</c> column filters, by column (docs/directory-api.md, "The tables").</param>
    public sealed record Query(
        string? Q, Guid? CompanyId, string? Sort, int? Page, int? PageSize, string? Filter = null, string? After = null, int? Limit = null,
        IReadOnlyDictionary<string, string>? Filters = null) : IQuery<PageResponse<Item>>;

    /// <summary>A row of the contacts table.</summary>
    public sealed record Item(
        Guid Id, string FullName, string? Position, Guid? CompanyId, string? CompanyName, string? Phone, string? Email,
        Guid ResponsibleId, DateTimeOffset UpdatedAt, int OpenTaskCount)
    {
        /// <summary>Its tags, in order (read for the page's rows after the page).</summary>
        public IReadOnlyList<Tags.Tag> Tags { get; init; } = [];
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            this.ValidPaging(x => x.Sort, x => x.Page, x => x.PageSize, x => x.Q, "fullName");
            this.ValidLimit(x => x.Limit);
            RuleFor(x => x.Filter).Must(f => f is null or WithoutTasks)
                .WithMessage(_ => T.Pick($"Фильтр: {WithoutTasks}", $"The filter is {WithoutTasks}"));
        }
    }

    /// <summary>
    /// The query of a page (@PageSize rows after @Offset): the page's contacts are picked first, on
    /// the sort's index, and only those get their company, first phone and e-mail, so a deep page
    /// costs the skipped index entries, not a subplan per skipped contact.
    /// </summary>
    internal static string PageSql(string filter, Listing.SortKey key) =>
        $"""
        select c.id as Id, c.full_name as FullName, c.position as Position, c.company_id as CompanyId, co.name as CompanyName,
            (select p.number from directory.contact_phones p where p.contact_id = c.id order by p.position limit 1) as Phone,
            (select e.address from directory.contact_emails e where e.contact_id = c.id order by e.position limit 1) as Email,
            c.responsible_id as ResponsibleId, c.updated_at as UpdatedAt, coalesce(f.open_task_count, 0) as OpenTaskCount,
            {key.ValueColumn}
        from (
            select c.* from directory.contacts c
            where c.deleted_at is null{filter}
            order by {key.OrderBy}
            limit @PageSize offset @Offset
        ) c
        left join directory.companies co on co.id = c.company_id
        left join directory.contact_facts f on f.contact_id = c.id
        order by {key.OrderBy}
        """;

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, PageResponse<Item>>
    {
        public async ValueTask<PageResponse<Item>> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var filters = query.Filters ?? new Dictionary<string, string>();
            var idleOnly = query.Filter == WithoutTasks;
            var keptTotal = idleOnly && SearchKeys.Fold(query.Q).Length == 0 && query.CompanyId is null && filters.Count == 0;
            var (filter, args) = await RecordTable.ContactsWhereAsync(conn, query.Q, query.CompanyId, idleOnly, filters, ct);
            // without a search, a company or column filters, the ready filter's total is kept as the flags change (idle_totals)
            var page = await RecordTable.PageAsync<Item>(
                conn, "contacts", new RecordTable.Paging(query.Sort, "fullName", query.Page, query.PageSize, query.After, query.Limit), filter, args,
                keptTotal ? "select count from directory.idle_totals where list = 'contacts'" : null, PageSql, i => i.Id, ct);
            var tags = await RecordTags.OfAsync(conn, Entities.Contact, page.Items.Select(i => i.Id).ToList());
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
            app.MapGet("/api/directory/contacts",
                    async (string? q, Guid? companyId, string? sort, int? page, int? pageSize, string? filter, string? after, int? limit,
                        HttpRequest request, ISender sender, CancellationToken ct) =>
                        Results.Ok(await sender.Send(
                            new Query(q, companyId, sort, page, pageSize, filter, after, limit, ColumnFilters.Of(request.Query)), ct)))
                .WithName(nameof(ListContacts))
                .WithTags("Directory")
                .WithSummary("A page of contacts, sorted, searched, filtered per column (f.<column>=…), optionally of one company; by page or by keyset (after/limit)")
                .Produces<PageResponse<Item>>()
                .ProducesValidationProblem();
    }
}
