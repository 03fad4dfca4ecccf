using Crm.BuildingBlocks.Localization;
using FluentValidation;

namespace Crm.Modules.Tasks.Common;

/// <summary>A task type: the four built in (with a code) and those the admin added.</summary>
internal sealed record TaskTypeResponse(Guid Id, string? Code, string Name, string NameRu, string NameEn, int Position, int Version);

internal sealed record TaskTypeRow(Guid Id, string? Code, string NameRu, string NameEn, int Position, int Version)
{
    public const string Columns = "id as Id, code as Code, name_ru as NameRu, name_en as NameEn, position as Position, version as Version";

    public TaskTypeResponse ToResponse() => new(Id, Code, T.Pick(NameRu, NameEn), NameRu, NameEn, Position, Version);
}

internal static class TaskTypeRules
{
    public const int NameMaxLength = 100;

    public static IRuleBuilderOptions<TCommand, string?> ValidTypeName<TCommand>(this IRuleBuilder<TCommand, string?> rule, bool required) =>
        rule.Must(n => (!required && n is null) || (!string.IsNullOrWhiteSpace(n) && n.Trim().Length <= NameMaxLength))
            .WithMessage(_ => T.Pick($"Название: от 1 до {NameMaxLength} символов", $"The name must be 1 to {NameMaxLength} characters"));
}
