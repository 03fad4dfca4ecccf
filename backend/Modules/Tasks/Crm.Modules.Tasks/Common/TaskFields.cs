using Crm.BuildingBlocks.Localization;
using FluentValidation;

namespace Crm.Modules.Tasks.Common;

/// <summary>
/// What the user fills in for a task: a timed task gives <see cref="DueAt"/>, an all-day task
/// <see cref="AllDay"/> and <see cref="DueDate"/> (a day of the responsible user's calendar).
/// </summary>
internal interface ITaskFields
{
    Guid? TypeId { get; }
    string? Text { get; }
    DateTimeOffset? DueAt { get; }
    bool AllDay { get; }
    DateOnly? DueDate { get; }
    int? DurationMinutes { get; }
    Guid? ResponsibleId { get; }
    string? LinkKind { get; }
    Guid? LinkId { get; }
}

/// <summary>The field rules of a task, shared by create, edit and the next task of complete.</summary>
internal sealed class TaskFieldsRules<TFields> : AbstractValidator<TFields> where TFields : ITaskFields
{
    public const int TextMaxLength = 2000;
    public const int DurationMaxMinutes = 7 * 24 * 60;
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TaskFieldsRules()
    {
        RuleFor(f => f.TypeId).NotEmpty().WithMessage(_ => T.Pick("Выберите тип задачи", "Choose the task's type"));
        RuleFor(f => f.Text).Must(t => !string.IsNullOrWhiteSpace(t))
            .WithMessage(_ => T.Pick("Напишите, что нужно сделать", "Say what is to be done"));
        RuleFor(f => f.Text).Must(t => t is null || t.Trim().Length <= TextMaxLength)
            .WithMessage(_ => T.Pick($"Не больше {TextMaxLength} символов", $"At most {TextMaxLength} characters"));
        RuleFor(f => f.DueAt).NotNull().When(f => !f.AllDay)
            .WithMessage(_ => T.Pick("Укажите срок", "Give the due time"));
        RuleFor(f => f.DueAt).Must(d => d is null || (d >= Earliest && d < Latest))
            .WithMessage(_ => T.Pick("Срок: с 2000 по 2099 год", "The due time must be in 2000 to 2099"));
        RuleFor(f => f.DueDate).NotNull().When(f => f.AllDay)
            .WithMessage(_ => T.Pick("Укажите день", "Give the day"));
        RuleFor(f => f.DueDate).Must(d => d is null || (d.Value.Year >= 2000 && d.Value.Year < 2100))
            .WithMessage(_ => T.Pick("День: с 2000 по 2099 год", "The day must be in 2000 to 2099"));
        RuleFor(f => f.DurationMinutes).InclusiveBetween(1, DurationMaxMinutes)
            .WithMessage(_ => T.Pick("Длительность: от 1 минуты до 7 суток", "Duration must be 1 minute to 7 days"));
        RuleFor(f => f.LinkKind).Must(k => k is null || LinkKinds.All.Contains(k))
            .WithMessage(_ => T.Pick("Задача привязывается к сделке, компании или контакту", "A task is linked to a deal, a company or a contact"));
        RuleFor(f => f.LinkId).NotEmpty().When(f => f.LinkKind is not null)
            .WithMessage(_ => T.Pick("Выберите, к чему привязать задачу", "Choose what the task is linked to"));
        RuleFor(f => f.LinkKind).NotNull().When(f => f.LinkId is not null)
            .WithMessage(_ => T.Pick("Укажите, сделка это, компания или контакт", "Say whether it is a deal, a company or a contact"));
    }
}
