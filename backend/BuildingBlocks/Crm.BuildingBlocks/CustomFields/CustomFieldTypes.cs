namespace Crm.BuildingBlocks.CustomFields;

/// <summary>The types of custom field the admin can define (on deals, companies, contacts).</summary>
public static class CustomFieldTypes
{
    public const string Text = "text";
    public const string Number = "number";
    public const string Date = "date";
    public const string Select = "select";
    public const string MultiSelect = "multiselect";
    public const string Checkbox = "checkbox";
    public const string Url = "url";

    public static readonly IReadOnlyList<string> All = [Text, Number, Date, Select, MultiSelect, Checkbox, Url];

    public static bool HasOptions(string type) => type is Select or MultiSelect;
}
