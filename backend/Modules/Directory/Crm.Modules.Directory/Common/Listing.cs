using System.Linq.Expressions;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Text;
using FluentValidation;

namespace Crm.Modules.Directory.Common;

/// <summary>
/// A page of a list: the items, how many match in all, and which page this is; or, paged by keyset
/// (<c>after</c>/<c>limit</c>), the cursor of the next page (null on the last), the total on the first page
/// only and no page number.
/// </summary>
internal sealed record PageResponse<T>(IReadOnlyList<T> Items, long? Total, int? Page, int PageSize, string? NextCursor = null);

/// <summary>Paging, sorting and the search filter the company and contact lists share.</summary>
internal static class Listing
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxQueryLength = 200;

    /// <summary>A sort of a list: its name as given (with "-"), its key's SQL on a table aliased <c>c</c> and type, and its direction.</summary>
    public sealed record SortKey(string Name, string Sql, string Type, bool Descending)
    {
        /// <summary>The name of <see cref="ValueColumn"/>.</summary>
        public const string ValueName = "SortValue";

        public string OrderBy => Descending ? $"{Sql} desc, c.id desc" : $"{Sql}, c.id";

        /// <summary>The key's value as PostgreSQL writes it (<c>SortValue</c>, read back as <see cref="Type"/>): where a keyset page ended.</summary>
        public string ValueColumn => $"({Sql})::text as {ValueName}";
    }

    /// <summary>The sort key of <c>name</c>/<c>fullName</c>, <c>createdAt</c>, <c>updatedAt</c> (a leading "-": descending); null when unknown.</summary>
    public static SortKey? Key(string? sort, string nameKey)
    {
        var name = sort ?? nameKey;
        var descending = name.StartsWith('-');
        return (descending ? name[1..] : name) switch
        {
            var s when s == nameKey => new SortKey(name, "c.name_key", "text", descending),
            "createdAt" => new SortKey(name, "c.created_at", "timestamptz", descending),
            "updatedAt" => new SortKey(name, "c.updated_at", "timestamptz", descending),
            _ => null,
        };
    }

    /// <summary>The ORDER BY of a sort key (<c>name</c>, <c>-createdAt</c>, …) on a table aliased <c>c</c>; null when unknown.</summary>
    public static string? OrderBy(string? sort, string nameKey) => Key(sort, nameKey)?.OrderBy;

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

    /// <summary>A keyset page's size (<c>limit</c>): 1 to <see cref="MaxPageSize"/>.</summary>
    public static void ValidLimit<TQuery>(this AbstractValidator<TQuery> validator, Expression<Func<TQuery, int?>> limit) =>
        validator.RuleFor(limit).Must(s => s is null or (>= 1 and <= MaxPageSize))
            .WithMessage(_ => T.Pick($"limit: от 1 до {MaxPageSize}", $"limit must be 1 to {MaxPageSize}"));

    /// <summary>
    /// The WHERE part of a search in a list (on a table aliased <c>c</c>): a substring of the folded
    /// name, e-mails (and tax id), or, when the query is a number of at least 3 digits, of a phone. Empty without a query.
    /// </summary>
    public static (string Sql, object Args) Filter(string? q)
    {
        var folded = SearchKeys.Fold(q);
        if (folded.Length == 0)
        {
            return ("", new { });
        }
        var digits = Phones.QueryDigits(q);
        return digits.Length >= 3
            ? (" and (c.search like @Contains or c.phone_digits like @Digits)", new { Contains = SearchKeys.Contains(folded), Digits = SearchKeys.Contains(digits) })
            : (" and c.search like @Contains", new { Contains = SearchKeys.Contains(folded), Digits = "" });
    }
}
