using System.Text.Json;

namespace Crm.Modules.Inbox.Common;

/// <summary>A row of inbox.forms. Settable properties: Dapper matches Npgsql's arrays only this way (see <see cref="RequestRow"/>).</summary>
internal sealed class FormRow
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public string Name { get; set; } = "";

    public Guid PipelineId { get; set; }

    /// <summary>The fields' modes as JSON (<see cref="FormFields"/>).</summary>
    public string Fields { get; set; } = "{}";

    public string[] AllowedOrigins { get; set; } = [];

    public string ThankYou { get; set; } = "";

    public bool Enabled { get; set; }

    public string Key { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The columns, for <c>from inbox.forms f</c> (or <c>inbox.forms as f</c> in an insert or update).</summary>
    public const string Columns =
        "f.id as Id, f.version as Version, f.name as Name, f.pipeline_id as PipelineId, f.fields::text as Fields, " +
        "f.allowed_origins as AllowedOrigins, f.thank_you as ThankYou, f.enabled as Enabled, f.key as Key, f.created_at as CreatedAt";

    public FormFields FieldModes => (JsonSerializer.Deserialize<FormFields>(Fields, JsonSerializerOptions.Web) ?? new(null, null, null, null, null, null)).Normal();

    /// <summary>The fields' modes as stored: every field spelled out.</summary>
    public static string FieldsJson(FormFields fields) => JsonSerializer.Serialize(fields.Normal(), JsonSerializerOptions.Web);

    public FormResponse ToResponse() => new(Id, Version, Name, PipelineId, FieldModes, AllowedOrigins, ThankYou, Enabled, Key, CreatedAt);
}

/// <summary>
/// A web form as the admin sees it. <see cref="Key"/> is the public part of its submission address
/// (<c>/api/inbox/forms/{key}/submissions</c>), made by the server.
/// </summary>
internal sealed record FormResponse(
    Guid Id,
    int Version,
    string Name,
    Guid PipelineId,
    FormFields Fields,
    IReadOnlyList<string> AllowedOrigins,
    string ThankYou,
    bool Enabled,
    string Key,
    DateTimeOffset CreatedAt);
