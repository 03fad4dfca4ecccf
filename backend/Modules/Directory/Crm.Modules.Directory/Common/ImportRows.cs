using Crm.BuildingBlocks.Tables;
using Crm.Modules.Directory.Contracts;
using FluentValidation;

namespace Crm.Modules.Directory.Common;

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
