using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using FluentValidation;

namespace Crm.Modules.Identity.Users;

/// <summary>Field rules shared by the slices that take them.</summary>
internal static class UserRules
{
    public static IRuleBuilderOptions<TCommand, string> ValidEmail<TCommand>(this IRuleBuilder<TCommand, string> rule) =>
        rule.NotEmpty().MaximumLength(254).EmailAddress()
            .WithMessage(_ => T.Pick("Введите корректный e-mail", "Enter a valid e-mail"));

    public static IRuleBuilderOptions<TCommand, string> ValidDisplayName<TCommand>(this IRuleBuilder<TCommand, string> rule) =>
        rule.Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => T.Pick("Введите имя", "Enter a name"))
            .MaximumLength(200);

    public static IRuleBuilderOptions<TCommand, string> ValidRole<TCommand>(this IRuleBuilder<TCommand, string> rule) =>
        rule.Must(r => Roles.All.Contains(r))
            .WithMessage(_ => T.Pick("Роль: Admin, HeadOfSales или Manager", "Role must be Admin, HeadOfSales or Manager"));

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
