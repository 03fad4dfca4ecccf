using Crm.BuildingBlocks.CustomFields;
using System.Data;
using System.Text.Json;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Dapper;
using FluentValidation;

namespace Crm.Modules.Directory.Common;

/// <summary>A custom field definition of companies or contacts.</summary>
internal sealed record CustomFieldResponse(Guid Id, string Entity, string Name, string Type, IReadOnlyList<string> Options, int Position, int Version);

/// <summary>The two kinds of record of the Lists, as custom fields and suggestions name them.</summary>
internal static class Entities
{
    public const string Company = "company";
    public const string Contact = "contact";

    public static readonly IReadOnlyList<string> All = [Company, Contact];
}

/// <summary>Reading and the rules of custom field definitions, shared by their slices; positions count per entity.</summary>
internal static class CustomFields
{
    public const int NameMaxLength = 100;
    public const int OptionMaxLength = 100;
    public const int MaxOptions = 100;

    private sealed record Row(Guid Id, string Entity, string Name, string Type, string Options, int Position, int Version)
    {
        public CustomFieldResponse ToResponse() =>
            new(Id, Entity, Name, Type, JsonSerializer.Deserialize<string[]>(Options) ?? [], Position, Version);
    }

    private const string Columns =
        "id as Id, entity as Entity, name as Name, type as Type, options::text as Options, position as Position, version as Version";

    public static async Task<IReadOnlyList<CustomFieldResponse>> AllAsync(IDbConnection conn, string? entity) =>
        (await conn.QueryAsync<Row>(
            $"select {Columns} from directory.custom_fields where @entity::text is null or entity = @entity order by entity, position, name",
            new { entity }))
            .Select(r => r.ToResponse()).ToList();

    public static async Task<CustomFieldResponse?> FindAsync(IDbConnection conn, Guid id) =>
        (await conn.QuerySingleOrDefaultAsync<Row>($"select {Columns} from directory.custom_fields where id = @id", new { id }))?.ToResponse();

    public static async Task EnsureNameFreeAsync(IDbConnection conn, string entity, string name, Guid? except)
    {
        if (await conn.ExecuteScalarAsync<bool>(
                """
                select exists (select 1 from directory.custom_fields
                               where entity = @entity and lower(name) = lower(@name) and id is distinct from @except)
                """,
                new { entity, name, except }))
        {
            throw new FieldValidationException("name", T.Pick("Поле с таким названием уже есть", "A field with this name already exists"));
        }
    }

    public static NotFoundException NotFound() => new(T.Pick("Поле не найдено", "Field not found"));

    public static IRuleBuilderOptions<TCommand, string?> ValidFieldName<TCommand>(this IRuleBuilder<TCommand, string?> rule) =>
        rule.Must(n => !string.IsNullOrWhiteSpace(n) && n.Trim().Length <= NameMaxLength)
            .WithMessage(_ => T.Pick($"Название: от 1 до {NameMaxLength} символов", $"Name must be 1 to {NameMaxLength} characters"));

    /// <summary>Select and multi-select need 1–100 distinct, non-blank options; other types take none.</summary>
    public static string? OptionsProblem(string type, IReadOnlyList<string>? options)
    {
        var list = options ?? [];
        if (!CustomFieldTypes.HasOptions(type))
        {
            return list.Count == 0 ? null : T.Pick("У поля этого типа нет вариантов", "A field of this type has no options");
        }
        if (list.Count is 0 or > MaxOptions
            || list.Any(o => string.IsNullOrWhiteSpace(o) || o.Trim().Length > OptionMaxLength)
            || list.Select(o => o.Trim().ToLowerInvariant()).Distinct().Count() != list.Count)
        {
            return T.Pick($"Варианты: от 1 до {MaxOptions} разных, каждый до {OptionMaxLength} символов",
                $"Options: 1 to {MaxOptions} distinct values of up to {OptionMaxLength} characters");
        }
        return null;
    }

    public static string OptionsJson(IReadOnlyList<string>? options) =>
        JsonSerializer.Serialize((options ?? []).Select(o => o.Trim()).ToArray());
}
