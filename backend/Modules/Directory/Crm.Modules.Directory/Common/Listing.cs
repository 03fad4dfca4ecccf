using System.Linq.Expressions;
using Dapper;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Text;
using FluentValidation;

namespace Crm.Modules.Directory.Common;

/// <summary>A page of a list: the items, how many match in all, and which page this is.</summary>
internal sealed record PageResponse<T>(IReadOnlyList<T> Items, long Total, int Page, int PageSize);

/// <summary>Paging, sorting and the search filter the company and contact lists share.</summary>
internal static class Listing
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxQueryLength = 200;

    /// <summary>The ORDER BY of a sort key (<c>name</c>, <c>-createdAt</c>, …) on a table aliased <c>c</c>; null when unknown.</summary>
    public static string? OrderBy(string? sort, string nameKey) => (sort ?? nameKey) switch
    {
        var s when s == nameKey => "c.name_key, c.id",
        var s when s == "-" + nameKey => "c.name_key desc, c.id desc",
        "createdAt" => "c.created_at, c.id",
        "-createdAt" => "c.created_at desc, c.id desc",
        "updatedAt" => "c.updated_at, c.id",
        "-updatedAt" => "c.updated_at desc, c.id desc",
        _ => null,
    };

    public static void ValidPaging<TQuery>(
        this AbstractValidator<TQuery> validator, Expression<Func<TQuery, string?>> sort, Expression<Func<TQuery, int?>> page, Expression<Func<TQuery, int?>> pageSize,
        Expression<Func<TQuery, string?>> q, string nameKey)
    {
        validator.RuleFor(sort).Must(s => OrderBy(s, nameKey) is not null)
            .WithMessage(_ => T.Pick(
                $"Сортировка: {nameKey}, createdAt или updatedAt (с «-» — по убыванию)",
                $"Sort must be {nameKey}, createdAt or updatedAt (a leading '-' for descending)"));
        validator.RuleFor(page).Must(p => p is null or >= 1)
            .WithMessage(_ => T.Pick("Страница: с 1", "Page starts at 1"));
        validator.RuleFor(pageSize).Must(s => s is null or (>= 1 and <= MaxPageSize))
            .WithMessage(_ => T.Pick($"Размер страницы: от 1 до {MaxPageSize}", $"Page size must be 1 to {MaxPageSize}"));
        validator.RuleFor(q).Must(s => s is null || s.Length <= MaxQueryLength)
            .WithMessage(_ => T.Pick($"Не больше {MaxQueryLength} символов", $"At most {MaxQueryLength} characters"));
    }

    /// <summary>
    /// The WHERE part of a search in a list (on a table aliased <c>c</c>): a substring of the folded
    /// name, e-mails (and tax id), or, when the query has at least 3 digits, of a phone. Empty without a query.
    /// </summary>
    public static (string Sql, object Args) Filter(string? q)
    {
        var folded = SearchKeys.Fold(q);
        if (folded.Length == 0)
        {
            return ("", new { });
        }
        var digits = Phones.SearchDigits(q);
        return digits.Length >= 3
            ? (" and (c.search like @Contains or c.phone_digits like @Digits)", new { Contains = SearchKeys.Contains(folded), Digits = SearchKeys.Contains(digits) })
            : (" and c.search like @Contains", new { Contains = SearchKeys.Contains(folded), Digits = "" });
    }

    /// <summary>
    /// The conditions of the companies list after <c>c.deleted_at is null</c> (the search, the ready filter
    /// <c>without-deals-and-tasks</c>), with their parameters: what the list pages and the export streams.
    /// </summary>
    public static (string Sql, DynamicParameters Args) CompaniesWhere(string? q, bool idleOnly)
    {
        var (filter, args) = Filter(q);
        // kept with the counts (OpenCounts); ix_companies_idle holds these rows in name order
        return (idleOnly ? filter + " and c.idle" : filter, new DynamicParameters(args));
    }

    /// <summary>The conditions of the contacts list after <c>c.deleted_at is null</c>: the search, the company, <c>without-tasks</c>.</summary>
    public static (string Sql, DynamicParameters Args) ContactsWhere(string? q, Guid? companyId, bool idleOnly)
    {
        var (filter, args) = Filter(q);
        var parameters = new DynamicParameters(args);
        if (companyId is not null)
        {
            filter += " and c.company_id = @CompanyId";
            parameters.Add("CompanyId", companyId);
        }
        // kept with the counts (OpenCounts); ix_contacts_idle holds these rows in name order
        return (idleOnly ? filter + " and c.idle" : filter, parameters);
    }

    /// <summary>The sort key's column and direction (<c>name</c>, <c>-createdAt</c>, …) for keyset walks on <c>(column, id)</c>.</summary>
    public static (string Column, bool Descending)? KeysetOf(string? sort, string nameKey) => (sort ?? nameKey).TrimStart('-') switch
    {
        var s when s == nameKey => ("c.name_key", (sort ?? nameKey).StartsWith('-')),
        "createdAt" => ("c.created_at", sort!.StartsWith('-')),
        "updatedAt" => ("c.updated_at", sort!.StartsWith('-')),
        _ => null,
    };
}
