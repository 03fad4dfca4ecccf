using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Text;
using FluentValidation;

namespace Crm.Modules.Inbox.Common;

/// <summary>The limits of a request's fields, and their checks, for every way a request comes in.</summary>
internal static class RequestRules
{
    public const int NameMaxLength = 255;
    public const int SubjectMaxLength = 500;
    public const int MessageMaxLength = 10_000;
    public const int RegionMaxLength = 100;
    public const int ReasonMaxLength = 1_000;
    public const int MaxPhones = 10;
    public const int MaxEmails = 10;

    public static IRuleBuilderOptions<TCommand, string?> MaxText<TCommand>(this IRuleBuilder<TCommand, string?> rule, int max) =>
        rule.MaximumLength(max).WithMessage(_ => T.Pick($"Не длиннее {max} символов", $"At most {max} characters"));

    public static void ValidPhones<TCommand>(this IRuleBuilder<TCommand, IReadOnlyList<string?>?> rule) =>
        rule.Must(p => p is null || p.Count <= MaxPhones)
            .WithMessage(_ => T.Pick($"Не больше {MaxPhones} телефонов", $"At most {MaxPhones} phones"))
            .ForEach(phone => phone
                .Must(p => Phones.TryNormalize(p, out _))
                .WithMessage(_ => T.Pick("Неверный номер телефона", "Invalid phone number")));

    public static void ValidEmails<TCommand>(this IRuleBuilder<TCommand, IReadOnlyList<string?>?> rule) =>
        rule.Must(e => e is null || e.Count <= MaxEmails)
            .WithMessage(_ => T.Pick($"Не больше {MaxEmails} адресов", $"At most {MaxEmails} addresses"))
            .ForEach(email => email
                .Must(e => Emails.TryNormalize(e, out _))
                .WithMessage(_ => T.Pick("Неверный e-mail", "Invalid e-mail")));

    /// <summary>The phones in E.164, each once; those that do not parse are left out (a form or a mail is taken as it comes).</summary>
    public static string[] NormalPhones(IEnumerable<string?>? phones) =>
        (phones ?? []).Select(p => Phones.TryNormalize(p, out var e164) ? e164 : null).OfType<string>().Distinct().Take(MaxPhones).ToArray();

    /// <summary>The e-mails, normalised, each once; invalid ones left out.</summary>
    public static string[] NormalEmails(IEnumerable<string?>? emails) =>
        (emails ?? []).Select(e => Emails.TryNormalize(e, out var address) ? address : null).OfType<string>().Distinct().Take(MaxEmails).ToArray();

    /// <summary>Trimmed, empty as null, cut to <paramref name="max"/> (text from outside is kept, not refused, past a form's limits).</summary>
    public static string? Clean(string? text, int max)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        if (trimmed.Length <= max)
        {
            return trimmed;
        }
        return trimmed[..(char.IsHighSurrogate(trimmed[max - 1]) ? max - 1 : max)];
    }
}
