using System.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Tables;
using Crm.BuildingBlocks.Text;
using Crm.Modules.Directory.Contracts;
using Dapper;
using FluentValidation;

namespace Crm.Modules.Directory.Common;

/// <summary>A field an imported column can fill; <c>Aliases</c> are the headers that name it (folded), for the first guess.</summary>
internal sealed record ImportField(string Key, string Russian, string English, bool Required, string[] Aliases)
{
    public string Label => T.Pick(Russian, English);
}

/// <summary>Who runs an import and how duplicates are met: what a row is checked and written with.</summary>
internal sealed record ImportContext(string List, string Duplicates, Guid UserId, bool Supervisor, DateTimeOffset Now);

/// <summary>What became of a row: created, updated, skipped (a duplicate), or refused with the reason.</summary>
internal enum RowOutcome
{
    Created,
    Updated,
    Skipped,
    Rejected,
}

/// <summary>
/// An imported row read by the Lists' own rules, the same as the create and update slices: the fields a
/// column can fill, the mapping, and the field rules (<see cref="DirectoryRules"/>: names, phones that
/// libphonenumber reads, e-mails, ИНН) checked in memory, so a bad row never reaches SQL. The rows that pass
/// are saved by <see cref="ImportBatch"/>.
/// </summary>
internal static class ImportRows
{
    public const string Skip = "skip";
    public const string Update = "update";
    public const string Create = "create";
    public static readonly IReadOnlyList<string> Modes = [Skip, Update, Create];

    public static readonly IReadOnlyList<ImportField> ContactFields =
    [
        new("fullName", "Имя", "Full name", true, ["имя", "фио", "контакт", "name", "full name", "fullname"]),
        new("position", "Должность", "Position", false, ["должность", "position", "title"]),
        new("company", "Компания", "Company", false, ["компания", "организация", "company"]),
        new("phone", "Телефон", "Phone", false, ["телефон", "тел", "phone", "мобильный", "mobile"]),
        new("phone2", "Телефон 2", "Phone 2", false, ["телефон 2", "phone 2", "рабочий телефон"]),
        new("email", "E-mail", "E-mail", false, ["e-mail", "email", "почта", "эл. почта"]),
        new("email2", "E-mail 2", "E-mail 2", false, ["e-mail 2", "email 2"]),
    ];

    public static readonly IReadOnlyList<ImportField> CompanyFields =
    [
        new("name", "Название", "Name", true, ["название", "компания", "организация", "name", "company"]),
        new("phone", "Телефон", "Phone", false, ["телефон", "тел", "phone"]),
        new("phone2", "Телефон 2", "Phone 2", false, ["телефон 2", "phone 2"]),
        new("email", "E-mail", "E-mail", false, ["e-mail", "email", "почта", "эл. почта"]),
        new("email2", "E-mail 2", "E-mail 2", false, ["e-mail 2", "email 2"]),
        new("website", "Сайт", "Website", false, ["сайт", "website", "web", "url"]),
        new("address", "Адрес", "Address", false, ["адрес", "address"]),
        new("region", "Регион", "Region", false, ["регион", "region", "город", "city"]),
        new("taxId", "ИНН", "Tax id", false, ["инн", "tax id", "inn", "taxid"]),
        new("notes", "Примечания", "Notes", false, ["примечания", "примечание", "комментарий", "notes", "comment"]),
    ];

    public static IReadOnlyList<ImportField> FieldsOf(string list) => list == "companies" ? CompanyFields : ContactFields;

    /// <summary>
    /// The mapping to offer for a file: the user's last one where its headers are in this file, then, for the
    /// fields still free, a header that names the field.
    /// </summary>
    public static Dictionary<string, string> Suggest(string list, IReadOnlyList<string> headers, IReadOnlyDictionary<string, string>? remembered)
    {
        var byFold = headers.Where(h => h.Length > 0).ToDictionary(h => SearchKeys.Fold(h), h => h);
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in FieldsOf(list))
        {
            if (remembered is not null && remembered.TryGetValue(field.Key, out var header) && byFold.TryGetValue(SearchKeys.Fold(header), out var found))
            {
                mapping[field.Key] = found;
            }
        }
        foreach (var field in FieldsOf(list).Where(f => !mapping.ContainsKey(f.Key)))
        {
            var guess = field.Aliases.Append(SearchKeys.Fold(field.Russian)).Append(SearchKeys.Fold(field.English))
                .Select(a => byFold.GetValueOrDefault(a))
                .FirstOrDefault(h => h is not null && !mapping.ContainsValue(h));
            if (guess is not null)
            {
                mapping[field.Key] = guess;
            }
        }
        return mapping;
    }

    /// <summary>The column of each mapped field; null and the reason when the mapping does not fit the file.</summary>
    public static (Dictionary<string, int>? Columns, string? Error) Resolve(string list, IReadOnlyList<string> headers, IReadOnlyDictionary<string, string> mapping)
    {
        var fields = FieldsOf(list);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, header) in mapping)
        {
            if (string.IsNullOrWhiteSpace(header))
            {
                continue;
            }
            if (fields.All(f => f.Key != key))
            {
                return (null, T.Pick($"Нет такого поля: {key}", $"No such field: {key}"));
            }
            var index = headers.ToList().FindIndex(h => string.Equals(h, header.Trim(), StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return (null, T.Pick($"В файле нет столбца «{header}»", $"The file has no column \"{header}\""));
            }
            columns[key] = index;
        }
        var missing = fields.Where(f => f.Required && !columns.ContainsKey(f.Key)).Select(f => f.Label).ToList();
        return missing.Count > 0
            ? (null, T.Pick($"Укажите столбец для поля «{string.Join("», «", missing)}»", $"Choose the column of \"{string.Join("\", \"", missing)}\""))
            : (columns, null);
    }

    /// <summary>A row's values by field (blank cells left out).</summary>
    public static Dictionary<string, string> Values(IReadOnlyDictionary<string, int> columns, string[] cells) =>
        columns.Where(c => c.Value < cells.Length && cells[c.Value].Length > 0).ToDictionary(c => c.Key, c => cells[c.Value]);

    /// <summary>The contact a row describes, as the create slice takes one.</summary>
    internal sealed record ContactInput(string? FullName, string? Position, string? Company, IReadOnlyList<PhoneInput> Phones, IReadOnlyList<EmailInput> Emails)
    {
        /// <summary>None from a file (the rules take them).</summary>
        public IReadOnlyList<MessengerInput> Messengers { get; } = [];
    }

    internal sealed record CompanyInput(
        string? Name, IReadOnlyList<PhoneInput> Phones, IReadOnlyList<EmailInput> Emails, string? Website, string? Address, string? Region,
        string? TaxId, string? Notes);

    private sealed class ContactRules : AbstractValidator<ContactInput>
    {
        public ContactRules()
        {
            this.ValidContact(c => c.FullName, c => c.Position, c => c.Phones, c => c.Emails, c => c.Messengers);
            RuleFor(c => c.Company).MaxText(DirectoryRules.NameMaxLength);
        }
    }

    private sealed class CompanyRules : AbstractValidator<CompanyInput>
    {
        public CompanyRules() => this.ValidCompany(c => c.Name, c => c.Phones, c => c.Emails, c => c.Website, c => c.Address, c => c.Region, c => c.TaxId, c => c.Notes);
    }

    private static readonly ContactRules ContactValidator = new();
    private static readonly CompanyRules CompanyValidator = new();

    internal static ContactInput ContactOf(Dictionary<string, string> v) => new(
        v.GetValueOrDefault("fullName"), v.GetValueOrDefault("position"), v.GetValueOrDefault("company"),
        new[] { "phone", "phone2" }.Where(v.ContainsKey).Select(k => new PhoneInput(v[k], null)).ToList(),
        new[] { "email", "email2" }.Where(v.ContainsKey).Select(k => new EmailInput(v[k], null)).ToList());

    internal static CompanyInput CompanyOf(Dictionary<string, string> v) => new(
        v.GetValueOrDefault("name"),
        new[] { "phone", "phone2" }.Where(v.ContainsKey).Select(k => new PhoneInput(v[k], null)).ToList(),
        new[] { "email", "email2" }.Where(v.ContainsKey).Select(k => new EmailInput(v[k], null)).ToList(),
        v.GetValueOrDefault("website"), v.GetValueOrDefault("address"), v.GetValueOrDefault("region"), v.GetValueOrDefault("taxId"),
        v.GetValueOrDefault("notes"));

    /// <summary>The row's errors by the field rules (empty when it may be saved), each with its field's label.</summary>
    public static List<string> Errors(string list, Dictionary<string, string> values)
    {
        var result = list == "companies" ? CompanyValidator.Validate(CompanyOf(values)) : ContactValidator.Validate(ContactOf(values));
        var fields = FieldsOf(list);
        return result.Errors.Select(e =>
            {
                var root = e.PropertyName.Split('[', '.')[0];
                var index = e.PropertyName.Contains("[1]", StringComparison.Ordinal) ? "2" : "";
                var key = root switch
                {
                    "Phones" => "phone" + index,
                    "Emails" => "email" + index,
                    _ => char.ToLowerInvariant(root[0]) + root[1..],
                };
                var label = fields.FirstOrDefault(f => f.Key == key)?.Label ?? root;
                var value = values.GetValueOrDefault(key);
                return value is null ? $"{label}: {e.ErrorMessage}" : $"{label} «{value}»: {e.ErrorMessage}";
            })
            .Distinct()
            .ToList();
    }
}
