using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Text;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// Which of a request's fields a web form asks, each <c>off</c> (also when left out), <c>optional</c> or
/// <c>required</c>. The names are the submission's too: its JSON properties and the form's input names.
/// </summary>
internal sealed record FormFields(string? ContactName, string? Phone, string? Email, string? CompanyName, string? Region, string? Message)
{
    public const string Off = "off";
    public const string Optional = "optional";
    public const string Required = "required";

    public static readonly IReadOnlyList<string> Modes = [Off, Optional, Required];

    /// <summary>Every field a form may ask, in the order it shows them.</summary>
    public static readonly IReadOnlyList<FormField> All =
    [
        new("contactName", "Имя", "Name", f => f.ContactName, s => s.ContactName),
        new("phone", "Телефон", "Phone", f => f.Phone, s => s.Phone,
            v => Phones.TryNormalize(v, out _) ? null : T.Pick("Неверный номер телефона", "Invalid phone number")),
        new("email", "E-mail", "E-mail", f => f.Email, s => s.Email,
            v => Emails.TryNormalize(v, out _) ? null : T.Pick("Неверный e-mail", "Invalid e-mail")),
        new("companyName", "Компания", "Company", f => f.CompanyName, s => s.CompanyName),
        new("region", "Регион", "Region", f => f.Region, s => s.Region),
        new("message", "Сообщение", "Message", f => f.Message, s => s.Message),
    ];

    /// <summary>Every mode spelled out (a field left out is off).</summary>
    public FormFields Normal() => new(ContactName ?? Off, Phone ?? Off, Email ?? Off, CompanyName ?? Off, Region ?? Off, Message ?? Off);

    /// <summary>The fields the form shows, in order, and whether each is required.</summary>
    public IEnumerable<(FormField Field, bool Required)> Shown() =>
        All.Select(f => (Field: f, Mode: f.ModeOf(this) ?? Off)).Where(f => f.Mode != Off).Select(f => (f.Field, f.Mode == Required));

    public bool Shows(string name) => Shown().Any(f => f.Field.Name == name);
}

/// <summary>
/// One field of a form: its name, its label (the snippet's is Russian), its mode in a form, its value in a
/// submission, and what is wrong with a value given (null when nothing is).
/// </summary>
internal sealed record FormField(
    string Name,
    string LabelRu,
    string LabelEn,
    Func<FormFields, string?> ModeOf,
    Func<FormSubmission, string?> ValueOf,
    Func<string, string?>? Invalid = null)
{
    public string Label => T.Pick(LabelRu, LabelEn);
}
