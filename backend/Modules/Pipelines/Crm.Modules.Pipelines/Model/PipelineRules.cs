using System.Text.RegularExpressions;
using Crm.BuildingBlocks.Localization;
using Crm.Modules.Pipelines.Contracts;
using FluentValidation;

namespace Crm.Modules.Pipelines.Model;

/// <summary>Field rules shared by the slices that take them.</summary>
internal static partial class PipelineRules
{
    public const int NameMaxLength = 100;

    public static readonly IReadOnlyList<string> PipelineKinds = [Contracts.PipelineKinds.Sales, Contracts.PipelineKinds.Todo];

    public static readonly IReadOnlyList<string> StageKinds =
        [Contracts.StageKinds.Unsorted, Contracts.StageKinds.Open, Contracts.StageKinds.Won, Contracts.StageKinds.Lost];

    public static IRuleBuilderOptions<TCommand, string> ValidName<TCommand>(this IRuleBuilder<TCommand, string> rule) =>
        rule.Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => T.Pick("Введите название", "Enter a name"))
            .Must(n => n is null || n.Trim().Length <= NameMaxLength)
            .WithMessage(_ => T.Pick($"Название: не длиннее {NameMaxLength} символов", $"The name must be at most {NameMaxLength} characters"));

    public static IRuleBuilderOptions<TCommand, string> ValidPipelineKind<TCommand>(this IRuleBuilder<TCommand, string> rule) =>
        rule.Must(k => k is not null && PipelineKinds.Contains(k))
            .WithMessage(_ => T.Pick("Тип воронки: sales или todo", "The pipeline kind must be sales or todo"));

    public static IRuleBuilderOptions<TCommand, string> ValidStageKind<TCommand>(this IRuleBuilder<TCommand, string> rule) =>
        rule.Must(k => k is not null && StageKinds.Contains(k))
            .WithMessage(_ => T.Pick("Тип этапа: unsorted, open, won или lost", "The stage kind must be unsorted, open, won or lost"));

    public static IRuleBuilderOptions<TCommand, string> ValidColor<TCommand>(this IRuleBuilder<TCommand, string> rule) =>
        rule.Must(c => c is not null && ColorPattern().IsMatch(c))
            .WithMessage(_ => T.Pick("Цвет в виде #RRGGBB", "The colour must look like #RRGGBB"));

    public static IRuleBuilderOptions<TCommand, int> ValidProbability<TCommand>(this IRuleBuilder<TCommand, int> rule) =>
        rule.InclusiveBetween(0, 100)
            .WithMessage(_ => T.Pick("Вероятность: от 0 до 100", "The probability must be 0 to 100"));

    public static string NormalizeName(string name) => name.Trim();

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex ColorPattern();
}
