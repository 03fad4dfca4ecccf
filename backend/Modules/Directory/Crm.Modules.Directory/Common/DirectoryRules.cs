using Crm.BuildingBlocks.Localization;
using FluentValidation;

namespace Crm.Modules.Directory.Common;

/// <summary>Field limits and rules shared by the slices that take a company's or a contact's fields.</summary>
internal static class DirectoryRules
{
    public const int NameMaxLength = 255;
    public const int PositionMaxLength = 255;
    public const int WebsiteMaxLength = 2048;
    public const int AddressMaxLength = 1000;
    public const int RegionMaxLength = 255;
    public const int NotesMaxLength = 10_000;
    public const int HandleMaxLength = 255;
    public const int MaxItems = 20;

    public static IRuleBuilderOptions<TCommand, string?> ValidName<TCommand>(this IRuleBuilder<TCommand, string?> rule) =>
        rule.Must(n => !string.IsNullOrWhiteSpace(n) && n.Trim().Length <= NameMaxLength)
            .WithMessage(_ => T.Pick($"Название: от 1 до {NameMaxLength} символов", $"Name must be 1 to {NameMaxLength} characters"));

    public static IRuleBuilderOptions<TCommand, string?> ValidFullName<TCommand>(this IRuleBuilder<TCommand, string?> rule) =>
        rule.Must(n => !string.IsNullOrWhiteSpace(n) && n.Trim().Length <= NameMaxLength)
            .WithMessage(_ => T.Pick($"Имя: от 1 до {NameMaxLength} символов", $"Full name must be 1 to {NameMaxLength} characters"));

    public static IRuleBuilderOptions<TCommand, string?> MaxText<TCommand>(this IRuleBuilder<TCommand, string?> rule, int max) =>
        rule.Must(s => s is null || s.Trim().Length <= max)
            .WithMessage(_ => T.Pick($"Не больше {max} символов", $"At most {max} characters"));

    /// <summary>ИНН: 10 digits (an organisation) or 12 (a person or sole trader).</summary>
    public static IRuleBuilderOptions<TCommand, string?> ValidTaxId<TCommand>(this IRuleBuilder<TCommand, string?> rule) =>
        rule.Must(t => string.IsNullOrWhiteSpace(t) || (t.Trim().Length is 10 or 12 && t.Trim().All(char.IsAsciiDigit)))
            .WithMessage(_ => T.Pick("ИНН: 10 или 12 цифр", "Tax id (INN) must be 10 or 12 digits"));

    public static IRuleBuilderOptions<TCommand, string?> ValidWebsite<TCommand>(this IRuleBuilder<TCommand, string?> rule) =>
        rule.Must(w => string.IsNullOrWhiteSpace(w) || IsWebUrl(w.Trim()))
            .WithMessage(_ => T.Pick(
                $"Адрес сайта: http(s)://…, не больше {WebsiteMaxLength} символов",
                $"Website must be an http(s):// address of at most {WebsiteMaxLength} characters"));

    /// <summary>Blank optional text is stored as null; the rest trimmed.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool IsWebUrl(string text) =>
        text.Length <= WebsiteMaxLength
        && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Contains('.', StringComparison.Ordinal);

    /// <summary>The rules of a company's fields, for the slices that create and edit one.</summary>
    public static void ValidCompany<TCommand>(
        this AbstractValidator<TCommand> validator,
        System.Linq.Expressions.Expression<Func<TCommand, string?>> name,
        System.Linq.Expressions.Expression<Func<TCommand, IEnumerable<PhoneInput>?>> phones,
        System.Linq.Expressions.Expression<Func<TCommand, IEnumerable<EmailInput>?>> emails,
        System.Linq.Expressions.Expression<Func<TCommand, string?>> website,
        System.Linq.Expressions.Expression<Func<TCommand, string?>> address,
        System.Linq.Expressions.Expression<Func<TCommand, string?>> region,
        System.Linq.Expressions.Expression<Func<TCommand, string?>> taxId,
        System.Linq.Expressions.Expression<Func<TCommand, string?>> notes)
    {
        validator.RuleFor(name).ValidName();
        validator.ValidPhones(phones);
        validator.ValidEmails(emails);
        validator.RuleFor(website).ValidWebsite();
        validator.RuleFor(address).MaxText(AddressMaxLength);
        validator.RuleFor(region).MaxText(RegionMaxLength);
        validator.RuleFor(taxId).ValidTaxId();
        validator.RuleFor(notes).MaxText(NotesMaxLength);
    }

    /// <summary>The rules of a contact's fields, for the slices that create and edit one.</summary>
    public static void ValidContact<TCommand>(
        this AbstractValidator<TCommand> validator,
        System.Linq.Expressions.Expression<Func<TCommand, string?>> fullName,
        System.Linq.Expressions.Expression<Func<TCommand, string?>> position,
        System.Linq.Expressions.Expression<Func<TCommand, IEnumerable<PhoneInput>?>> phones,
        System.Linq.Expressions.Expression<Func<TCommand, IEnumerable<EmailInput>?>> emails,
        System.Linq.Expressions.Expression<Func<TCommand, IEnumerable<MessengerInput>?>> messengers)
    {
        validator.RuleFor(fullName).ValidFullName();
        validator.RuleFor(position).MaxText(PositionMaxLength);
        validator.ValidPhones(phones);
        validator.ValidEmails(emails);
        validator.ValidMessengers(messengers);
    }
}
