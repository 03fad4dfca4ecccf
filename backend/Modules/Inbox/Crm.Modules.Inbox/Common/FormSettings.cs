using Crm.BuildingBlocks.Localization;
using FluentValidation;

namespace Crm.Modules.Inbox.Common;

/// <summary>What an admin sets for a web form, on create and on edit.</summary>
internal interface IFormSettings
{
    string? Name { get; }
    Guid? PipelineId { get; }
    FormFields? Fields { get; }
    IReadOnlyList<string?>? AllowedOrigins { get; }
    string? ThankYou { get; }
    bool? Enabled { get; }
}

/// <summary>The limits of a form's settings and the values stored.</summary>
internal static class FormSettings
{
    public const int NameMaxLength = 255;
    public const int ThankYouMaxLength = 1_000;

    /// <summary>The thank-you text, or the default one when none is given.</summary>
    public static string ThankYou(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "Спасибо! Ваша заявка отправлена, мы свяжемся с вами." : text.Trim();
}

/// <summary>
/// The rules of a form's settings: a name; a pipeline (taking requests is checked by the handler); every
/// field's mode known, a phone or an e-mail asked (a request needs something to answer on); exact origins.
/// </summary>
internal sealed class FormSettingsRules<TForm> : AbstractValidator<TForm> where TForm : IFormSettings
{
    public FormSettingsRules()
    {
        RuleFor(f => f.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => T.Pick("Назовите форму", "Name the form"))
            .MaxText(FormSettings.NameMaxLength);
        RuleFor(f => f.PipelineId).NotEmpty().WithMessage(_ => T.Pick("Выберите воронку", "Choose a pipeline"));
        RuleFor(f => f.ThankYou).MaxText(FormSettings.ThankYouMaxLength);
        RuleFor(f => f.Fields).NotNull().WithMessage(_ => T.Pick("Выберите поля формы", "Choose the form's fields"));
        foreach (var field in FormFields.All)
        {
            RuleFor(f => field.ModeOf(f.Fields!))
                .Must(mode => mode is null || FormFields.Modes.Contains(mode))
                .WithMessage(_ => T.Pick("Поле: off (не показывать), optional или required", "A field is off, optional or required"))
                .OverridePropertyName($"fields.{field.Name}")
                .When(f => f.Fields is not null);
        }
        RuleFor(f => f.Fields)
            .Must(fields => fields!.Normal() is var all && (all.Phone != FormFields.Off || all.Email != FormFields.Off))
            .WithMessage(_ => T.Pick("Форма должна спрашивать телефон или e-mail", "The form must ask for a phone or an e-mail"))
            .When(f => f.Fields is not null);
        RuleFor(f => f.AllowedOrigins)
            .Must(o => o is null || o.Count <= FormOrigins.MaxCount)
            .WithMessage(_ => T.Pick($"Не больше {FormOrigins.MaxCount} сайтов", $"At most {FormOrigins.MaxCount} sites"))
            .ForEach(origin => origin
                .Must(o => FormOrigins.TryNormalize(o, out _))
                .WithMessage(_ => T.Pick(
                    "Адрес сайта — схема и домен, например https://example.ru (без пути и *)",
                    "A site is a scheme and a host, e.g. https://example.ru (no path, no *)")));
    }
}
