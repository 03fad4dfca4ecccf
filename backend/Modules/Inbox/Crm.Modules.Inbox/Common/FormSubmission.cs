using System.Text;
using System.Text.Json;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Text;
using Crm.Modules.Inbox.Contracts;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// What a visitor sent through a web form: the fields the form shows, an optional <see cref="Subject"/>
/// (a site may add a hidden one; the form's name otherwise) and <see cref="Homepage"/>, the honeypot:
/// hidden from people, filled by bots.
/// </summary>
internal sealed record FormSubmission(
    string? ContactName, string? Phone, string? Email, string? CompanyName, string? Region, string? Message, string? Subject, string? Homepage)
{
    public const string FormEncoded = "application/x-www-form-urlencoded";

    public bool IsBot => !string.IsNullOrWhiteSpace(Homepage);

    /// <summary>
    /// What is missing or wrong, field by field: a required field empty, a phone or e-mail that is not one,
    /// and, where both are optional, neither given (the request needs something to answer on).
    /// </summary>
    public IReadOnlyList<ValidationFailure> Check(FormFields form)
    {
        var failures = new List<ValidationFailure>();
        var contacts = form.Shown().Where(f => f.Field.Invalid is not null).ToList();
        foreach (var (field, required) in form.Shown())
        {
            var value = field.ValueOf(this)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                if (required)
                {
                    failures.Add(new(field.Name, T.Pick($"Заполните поле «{field.LabelRu}»", $"Fill in \u201c{field.LabelEn}\u201d")));
                }
            }
            else if (field.Invalid?.Invoke(value) is { } invalid)
            {
                failures.Add(new(field.Name, invalid));
            }
        }
        if (!contacts.Any(c => c.Required || !string.IsNullOrWhiteSpace(c.Field.ValueOf(this))))
        {
            failures.AddRange(contacts.Select(c => new ValidationFailure(c.Field.Name, T.Pick("Укажите телефон или e-mail", "Enter a phone or an e-mail"))));
        }
        return failures;
    }

    /// <summary>The request it files: only the fields the form shows; the subject given, else the form's name.</summary>
    public IncomingRequest ToRequest(FormRow form, string raw, string rawType)
    {
        var fields = form.FieldModes;
        string? Shown(string name, string? value) => fields.Shows(name) ? value : null;
        return new IncomingRequest(RequestSources.Form, form.PipelineId, Shown("contactName", ContactName),
            [Shown("phone", Phone)], [Shown("email", Email)], Shown("companyName", CompanyName),
            string.IsNullOrWhiteSpace(Subject) ? form.Name : Subject, Shown("message", Message), Shown("region", Region), raw, rawType, null);
    }
}

/// <summary>A submission as it came: its fields, and the body as received with its type.</summary>
internal sealed record ReceivedSubmission(FormSubmission Fields, string Raw, string RawType)
{
    /// <summary>
    /// A browser without script posts the form form-encoded and shows the answer as a page: it gets the
    /// thank-you text or what is missing as HTML. A script asks for JSON (or posts JSON) and gets JSON.
    /// </summary>
    public static bool WantsPage(HttpRequest request) =>
        IsFormEncoded(request)
        && !(MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
            && accepted.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Reads the body (already within the anonymous size limit): JSON, or form-encoded as a browser posts
    /// a form without script. Form-encoded text is checked here for what JSON is checked for before any
    /// slice (NUL, which PostgreSQL refuses); a bad one is a 400 naming the field.
    /// </summary>
    public static async Task<ReceivedSubmission> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var raw = await reader.ReadToEndAsync(ct);
        if (IsFormEncoded(request))
        {
            return new(FromForm(raw), raw, FormSubmission.FormEncoded);
        }
        try
        {
            var fields = raw.Length == 0 ? new FormSubmission(null, null, null, null, null, null, null, null)
                : JsonSerializer.Deserialize<FormSubmission>(raw, JsonSerializerOptions.Web);
            return new(fields ?? throw Refused("body", T.Pick("Пришло пустое значение (null) вместо полей формы", "Got null instead of the form's fields")),
                raw, "application/json");
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The body is not the form's fields.", StatusCodes.Status400BadRequest, e);
        }
    }

    private static bool IsFormEncoded(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals(FormSubmission.FormEncoded, StringComparison.OrdinalIgnoreCase);

    private static FormSubmission FromForm(string raw)
    {
        if (!TextInput.IsStorable(raw))
        {
            throw Refused("body", TextInput.Refusal);
        }
        Dictionary<string, StringValues> values;
        try
        {
            values = new FormReader(raw).ReadForm();
        }
        catch (InvalidDataException)
        {
            throw Refused("body", T.Pick("Форма пришла в непонятном виде", "The form could not be read"));
        }
        string? Value(string name)
        {
            var value = values.TryGetValue(name, out var v) ? v.FirstOrDefault() : null;
            return value is null || TextInput.IsStorable(value) ? value : throw Refused(name, TextInput.Refusal);
        }
        return new(Value("contactName"), Value("phone"), Value("email"), Value("companyName"), Value("region"), Value("message"),
            Value("subject"), Value("homepage"));
    }

    private static ValidationException Refused(string field, string message) => new([new ValidationFailure(field, message)]);
}
