using Crm.BuildingBlocks.Localization;
using FluentValidation;

namespace Crm.Modules.Deals.Common;

/// <summary>Field rules shared by the slices that take a deal's fields.</summary>
internal static class DealRules
{
    public const int NameMaxLength = 255;
    public const int GoalMaxLength = 2000;
    public const int LossReasonMaxLength = 500;
    public const decimal BudgetMax = 999_999_999_999.99m;

    public static IRuleBuilderOptions<TCommand, string?> ValidDealName<TCommand>(this IRuleBuilder<TCommand, string?> rule) =>
        rule.Must(n => n is null || n.Trim().Length <= NameMaxLength)
            .WithMessage(_ => T.Pick($"Название: не больше {NameMaxLength} символов", $"Name must be at most {NameMaxLength} characters"));

    public static IRuleBuilderOptions<TCommand, decimal?> ValidBudget<TCommand>(this IRuleBuilder<TCommand, decimal?> rule) =>
        rule.Must(b => b is null || (b >= 0 && b <= BudgetMax && decimal.Round(b.Value, 2) == b.Value))
            .WithMessage(_ => T.Pick(
                "Бюджет: от 0 до 999 999 999 999,99, не больше двух знаков после запятой",
                "Budget must be 0 to 999,999,999,999.99 with at most two decimals"));

    public static IRuleBuilderOptions<TCommand, string?> ValidCurrency<TCommand>(this IRuleBuilder<TCommand, string?> rule) =>
        rule.Must(c => string.IsNullOrEmpty(c) || Currencies.IsKnown(c))
            .WithMessage(_ => T.Pick(
                "Валюта: код ISO 4217 заглавными буквами, например RUB, USD, EUR",
                "Currency must be an ISO 4217 code in capitals, e.g. RUB, USD, EUR"));

    public static IRuleBuilderOptions<TCommand, string?> MaxText<TCommand>(this IRuleBuilder<TCommand, string?> rule, int max) =>
        rule.Must(s => s is null || s.Trim().Length <= max)
            .WithMessage(_ => T.Pick($"Не больше {max} символов", $"At most {max} characters"));

    /// <summary>Blank optional text is stored as null; the rest trimmed.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static string CurrencyOrDefault(string? currency) => string.IsNullOrEmpty(currency) ? Currencies.Default : currency;

    /// <summary>The name of a deal left without one: "Сделка #N" (stored data, so always Russian).</summary>
    public static string NameOrDefault(string? name, long number) => Clean(name) ?? $"Сделка #{number}";
}
