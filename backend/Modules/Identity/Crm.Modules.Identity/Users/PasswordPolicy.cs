using System.Reflection;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using FluentValidation;

namespace Crm.Modules.Identity.Users;

/// <summary>
/// What a new password must be, wherever one is set (a new user, an admin's reset, my own change,
/// the first admin): not blank, <see cref="MinLength"/> to <see cref="MaxLength"/> characters, not one
/// of the common passwords (<c>common-passwords.txt</c>, embedded), and not the user's e-mail or the
/// part before its @. Letter case does not matter for the last two.
/// </summary>
internal static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 200;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    /// <summary>Why this password may not be used, in the caller's language; null when it may.</summary>
    public static string? Refusal(string? password, string? email)
    {
        if (string.IsNullOrWhiteSpace(password))
        {
            return T.Pick("Введите пароль", "Enter a password");
        }
        if (password.Length is < MinLength or > MaxLength)
        {
            return T.Pick($"Пароль: от {MinLength} до {MaxLength} символов", $"Password must be {MinLength} to {MaxLength} characters");
        }
        var folded = password.Trim().ToLowerInvariant();
        if (Common.Value.Contains(folded))
        {
            return T.Pick("Это один из самых распространённых паролей: придумайте другой", "This is one of the most common passwords: choose another");
        }
        if (email is not null && IsEmailLike(folded, UserRules.NormalizeEmail(email)))
        {
            return T.Pick("Пароль не должен совпадать с e-mail", "The password must not be the e-mail");
        }
        return null;
    }

    /// <summary>The rule in a validator, with the e-mail when the command carries it.</summary>
    public static IRuleBuilderOptions<TCommand, string> ValidPassword<TCommand>(this IRuleBuilder<TCommand, string> rule, Func<TCommand, string?>? email = null) =>
        rule.Must((command, password) => Refusal(password, email?.Invoke(command)) is null)
            .WithMessage((command, password) => Refusal(password, email?.Invoke(command)) ?? "");

    /// <summary>The rule in a handler that has just read the user's e-mail: a 400 naming <paramref name="field"/>.</summary>
    public static void Ensure(string field, string password, string email)
    {
        if (Refusal(password, email) is { } refusal)
        {
            throw new FieldValidationException(field, refusal);
        }
    }

    private static bool IsEmailLike(string password, string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return password == email || (at > 0 && password == email[..at]);
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Crm.Modules.Identity.common-passwords.txt")
            ?? throw new InvalidOperationException("The embedded list of common passwords is missing.");
        using var reader = new StreamReader(stream);
        var common = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                common.Add(line.Trim());
            }
        }
        return common;
    }
}
