using System.Data;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
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
/// While a user types a company or a contact (in a deal, or to link a contact), the Lists suggest
/// existing records: names that start with the text first, then names and e-mails that contain it,
/// then phones that contain its digits in any format.
/// </summary>
/// <remarks>
/// Each way of matching is its own LIMIT query over its own index, so a common substring stops at
/// the limit instead of sorting every match: the name prefix walks the btree on <c>name_key</c>;
/// substrings of the name and e-mails use the trigram index on <c>search</c> (or, when the
/// planner expects many matches, a scan that stops early); phone digits the trigram index on
/// <c>phone_digits</c>; the custom fields' values (three characters or more) the trigram index on
/// <c>custom_text(custom)</c> (M0013), ranked last. Two letters cannot form a trigram, so they match the
/// start of a word.
/// </remarks>
internal static class Suggest
{
    public const int DefaultLimit = 8;
    public const int MaxLimit = 20;

    public sealed record Query(string? Q, string? Kind, int? Limit) : IQuery<IReadOnlyList<Suggestion>>;

    /// <summary>A suggested record; <c>matchedOn</c> is name, email, phone, (a company's) taxId or custom (a custom field's value).</summary>
    public sealed record Suggestion(
        string Kind, Guid Id, string Name, Guid? CompanyId, string? CompanyName, string? Phone, string? Email, string MatchedOn);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(x => x.Kind).Must(k => k is null || Entities.All.Contains(k))
                .WithMessage(_ => T.Pick("Вид: company или contact", "Kind must be company or contact"));
            RuleFor(x => x.Limit).Must(l => l is null or (>= 1 and <= MaxLimit))
                .WithMessage(_ => T.Pick($"Не больше {MaxLimit} подсказок", $"Limit must be 1 to {MaxLimit}"));
            RuleFor(x => x.Q).Must(q => q is null || q.Length <= Listing.MaxQueryLength)
                .WithMessage(_ => T.Pick($"Не больше {Listing.MaxQueryLength} символов", $"At most {Listing.MaxQueryLength} characters"));
        }
    }

    private sealed record Row(
        string Kind, Guid Id, string Name, Guid? CompanyId, string? CompanyName, string? Phone, string? Email, string MatchedOn,
        int Rank, string NameKey);

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, IReadOnlyList<Suggestion>>
    {
        public async ValueTask<IReadOnlyList<Suggestion>> Handle(Query query, CancellationToken ct)
        {
            var folded = SearchKeys.Fold(query.Q);
            if (folded.Length < 2)
            {
                return [];
            }
            var limit = query.Limit ?? DefaultLimit;
            var digits = Phones.QueryDigits(query.Q);
            var args = new
            {
                Limit = limit,
                Wide = limit * 2,
                Prefix = SearchKeys.StartsWith(folded),
                Contains = SearchKeys.Contains(folded),
                Word = SearchKeys.WordStartsWith(folded),
                Digits = SearchKeys.Contains(digits),
            };
            var shortQuery = folded.Length < 3;
            var phone = digits.Length >= 3;
            var conn = await db.ConnectionAsync(ct);
            var rows = new List<Row>();
            if (query.Kind is null or Entities.Company)
            {
                rows.AddRange(await conn.QueryAsync<Row>(CompaniesSql(shortQuery, phone), args));
            }
            if (query.Kind is null or Entities.Contact)
            {
                rows.AddRange(await conn.QueryAsync<Row>(ContactsSql(shortQuery, phone), args));
            }
            return rows
                .OrderBy(r => r.Rank).ThenBy(r => r.NameKey, StringComparer.Ordinal).ThenBy(r => r.Id)
                .Take(limit)
                .Select(r => new Suggestion(r.Kind, r.Id, r.Name, r.CompanyId, r.CompanyName,
                    r.Phone is null ? null : Phones.Display(r.Phone), r.Email, r.MatchedOn))
                .ToList();
        }

        /// <summary>A substring (three characters or more) or the start of a word (two).</summary>
        private static string Matches(string column, bool shortQuery) =>
            shortQuery ? $"({column} like @Prefix or {column} like @Word)" : $"{column} like @Contains";

        /// <summary>The ids found each way, ranked: 0 name prefix, 1 name or e-mail substring, 2 phone digits, 3 a custom field's value.</summary>
        private static string Hits(string table, bool shortQuery, bool phone) =>
            $"""
            with hits as (
                (select id, 0 as rank from directory.{table}
                 where deleted_at is null and name_key like @Prefix order by name_key, id limit @Limit)
                union all
                (select id, 1 from directory.{table} where deleted_at is null and {Matches("search", shortQuery)} limit @Wide)
                {(phone ? $"union all (select id, 2 from directory.{table} where deleted_at is null and phone_digits like @Digits limit @Limit)" : "")}
                {(shortQuery ? "" : $"union all (select id, 3 from directory.{table} where deleted_at is null and directory.custom_text(custom) like @Contains limit @Limit)")}
            ), best as (
                select id, min(rank) as rank from hits group by id
            )
            """;

        private static string CompaniesSql(bool shortQuery, bool phone) =>
            $"""
            {Hits("companies", shortQuery, phone)}
            select 'company' as Kind, c.id as Id, c.name as Name, null::uuid as CompanyId, null as CompanyName,
                (select p.number from directory.company_phones p where p.company_id = c.id order by p.position limit 1) as Phone,
                (select e.address from directory.company_emails e where e.company_id = c.id order by e.position limit 1) as Email,
                case when b.rank = 2 then 'phone'
                     when b.rank = 3 then 'custom'
                     when b.rank = 0 or {Matches("c.name_key", shortQuery)} then 'name'
                     when {Matches("coalesce(c.tax_id, '')", shortQuery)} then 'taxId'
                     else 'email' end as MatchedOn,
                b.rank as Rank, c.name_key as NameKey
            from best b join directory.companies c on c.id = b.id
            order by b.rank, c.name_key, c.id
            limit @Limit
            """;

        private static string ContactsSql(bool shortQuery, bool phone) =>
            $"""
            {Hits("contacts", shortQuery, phone)}
            select 'contact' as Kind, c.id as Id, c.full_name as Name, c.company_id as CompanyId, co.name as CompanyName,
                (select p.number from directory.contact_phones p where p.contact_id = c.id order by p.position limit 1) as Phone,
                (select e.address from directory.contact_emails e where e.contact_id = c.id order by e.position limit 1) as Email,
                case when b.rank = 2 then 'phone'
                     when b.rank = 3 then 'custom'
                     when b.rank = 0 or {Matches("c.name_key", shortQuery)} then 'name'
                     else 'email' end as MatchedOn,
                b.rank as Rank, c.name_key as NameKey
            from best b join directory.contacts c on c.id = b.id
            left join directory.companies co on co.id = c.company_id
            order by b.rank, c.name_key, c.id
            limit @Limit
            """;
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/directory/suggest", async (string? q, string? kind, int? limit, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(q, kind, limit), ct)))
                .WithName(nameof(Suggest))
                .WithTags("Directory")
                .WithSummary("Companies and contacts matching what the user is typing: name, e-mail or phone")
                .Produces<IReadOnlyList<Suggestion>>()
                .ProducesValidationProblem();
    }
}
