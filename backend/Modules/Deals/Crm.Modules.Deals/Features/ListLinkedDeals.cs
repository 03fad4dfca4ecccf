using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Dapper;
using FluentValidation;
using Mediator;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// The deals of a company or of a contact, newest first, a page at a time: the user opens a
/// company's or contact's card in the Lists and sees its deals. Served by ListDeals' endpoint
/// (<c>GET /api/deals?companyId=</c> or <c>?contactId=</c>), which shares the route with the deals table.
/// </summary>
internal static class ListLinkedDeals
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;

    public sealed record Item(
        Guid Id, long Number, string Name, Guid PipelineId, Guid StageId, decimal? Budget, string Currency, Guid ResponsibleId,
        DateTimeOffset? ClosedAt, DateTimeOffset UpdatedAt);

    public sealed record Page(IReadOnlyList<Item> Items, long Total);

    public sealed record Query(Guid? CompanyId, Guid? ContactId, int? Page, int? PageSize) : IQuery<Page>;

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.CompanyId)
                .Must((q, companyId) => (companyId is null) != (q.ContactId is null))
                .WithMessage(_ => T.Pick("Укажите компанию или контакт (одно из двух)", "Give either a company or a contact"));
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
            RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
        }
    }

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, Page>
    {
        public async ValueTask<Page> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            // A company's deals come from ix_deals_company; a contact's from ix_deal_contacts_contact.
            var from = query.CompanyId is not null
                ? "deals.deals d where d.company_id = @CompanyId and d.deleted_at is null"
                : "deals.deal_contacts c join deals.deals d on d.id = c.deal_id where c.contact_id = @ContactId and d.deleted_at is null";
            var size = query.PageSize ?? DefaultPageSize;
            var parameters = new { query.CompanyId, query.ContactId, Limit = size, Offset = ((query.Page ?? 1) - 1) * (long)size };
            var total = await conn.ExecuteScalarAsync<long>($"select count(*) from {from}", parameters);
            IReadOnlyList<Item> items = total == 0
                ? []
                : (await conn.QueryAsync<Item>(
                    $"""
                    select d.id as Id, d.number as Number, d.name as Name, d.pipeline_id as PipelineId, d.stage_id as StageId,
                           d.budget as Budget, d.currency as Currency, d.responsible_id as ResponsibleId,
                           d.closed_at as ClosedAt, d.updated_at as UpdatedAt
                    from {from}
                    order by d.created_at desc, d.id desc
                    limit @Limit offset @Offset
                    """,
                    parameters)).AsList();
            return new Page(items, total);
        }
    }
}
