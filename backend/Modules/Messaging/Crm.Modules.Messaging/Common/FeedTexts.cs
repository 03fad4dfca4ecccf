using Crm.BuildingBlocks.Localization;
using FluentValidation;

namespace Crm.Modules.Messaging.Common;

/// <summary>What a note or a message may say: plain text (its line breaks kept, nothing ever run as markup), and whom a message names.</summary>
internal static class FeedTexts
{
    public const int MaxLength = 10_000;
    public const int MaxMentions = 20;

    public static IRuleBuilderOptions<TCommand, string?> ValidText<TCommand>(this IRuleBuilder<TCommand, string?> rule) =>
        rule.Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => T.Pick("Напишите текст", "Write the text"))
            .MaximumLength(MaxLength).WithMessage(_ => T.Pick($"Не длиннее {MaxLength} символов", $"At most {MaxLength} characters"));

    /// <summary>The text as stored: trimmed at its ends, Windows line breaks as "\n", no NUL characters.</summary>
    public static string Clean(string text) => text.Replace("\r\n", "\n").Replace("\0", "").Trim();
}
