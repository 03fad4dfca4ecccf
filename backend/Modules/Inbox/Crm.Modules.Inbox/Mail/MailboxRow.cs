namespace Crm.Modules.Inbox.Mail;

/// <summary>A row of inbox.mailboxes as the settings page and the poller read it (the password stays ciphertext).</summary>
internal sealed record MailboxRow(
    Guid Id,
    int Version,
    string Name,
    string Host,
    int Port,
    string Security,
    string UserName,
    string PasswordProtected,
    string Folder,
    Guid PipelineId,
    bool AcceptSelfSigned,
    bool Enabled,
    DateTimeOffset CreatedAt,
    long? UidValidity,
    long LastUid,
    string State,
    int Failures,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? LastPolledAt,
    DateTimeOffset? LastSuccessAt,
    string? LastFailure,
    string? LastError,
    long MailsTaken)
{
    /// <summary>The columns, for <c>from inbox.mailboxes m</c>.</summary>
    public const string Columns =
        "m.id as Id, m.version as Version, m.name as Name, m.host as Host, m.port as Port, m.security as Security, " +
        "m.user_name as UserName, m.password_protected as PasswordProtected, m.folder as Folder, m.pipeline_id as PipelineId, " +
        "m.accept_self_signed as AcceptSelfSigned, m.enabled as Enabled, m.created_at as CreatedAt, m.uid_validity as UidValidity, " +
        "m.last_uid as LastUid, m.state as State, m.failures as Failures, m.next_attempt_at as NextAttemptAt, " +
        "m.last_polled_at as LastPolledAt, m.last_success_at as LastSuccessAt, m.last_failure as LastFailure, m.last_error as LastError, m.mails_taken as MailsTaken";

    public MailboxSettings Settings(MailboxPasswords passwords) => new(
        Host, Port, MailSecurities.Parse(Security), UserName, passwords.Reveal(PasswordProtected), Folder, AcceptSelfSigned);

    public MailboxResponse ToResponse()
    {
        MailboxFailure? failure = LastFailure is null ? null : Enum.Parse<MailboxFailure>(LastFailure);
        return new(
            Id, Version, Name, Host, Port, Security, UserName, Folder, PipelineId, AcceptSelfSigned, Enabled, CreatedAt,
            new MailboxStatus(
                State,
                LastPolledAt,
                LastSuccessAt,
                failure is { } f ? MailboxFailures.Name(f) : null,
                failure is { } d ? MailboxException.Describe(d, Host, Port, UserName, Folder, LastError) : null,
                State is MailboxStates.Stopped || !Enabled ? null : NextAttemptAt,
                MailsTaken));
    }
}

/// <summary>A shared mailbox as the API shows it: never its password.</summary>
internal sealed record MailboxResponse(
    Guid Id,
    int Version,
    string Name,
    string Host,
    int Port,
    string Security,
    string User,
    string Folder,
    Guid PipelineId,
    bool AcceptSelfSignedCertificate,
    bool Enabled,
    DateTimeOffset CreatedAt,
    MailboxStatus Status);

/// <summary>
/// How reading a mailbox goes: see <see cref="MailboxStates"/>; when the last attempt failed, what failed
/// (<see cref="MailboxFailures"/>) and the error in the admin's words; when the next attempt is due.
/// </summary>
internal sealed record MailboxStatus(
    string State,
    DateTimeOffset? LastPolledAt,
    DateTimeOffset? LastSuccessAt,
    string? LastFailure,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    long MailsTaken);

/// <summary>The API's names of <see cref="MailboxFailure"/>: connection, tls, authentication, folderNotFound, timeout, protocol, pipelineRefused, internal.</summary>
internal static class MailboxFailures
{
    public static string Name(MailboxFailure failure) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(failure.ToString());

    /// <summary>Failures only the admin can end (the password, the folder, TLS, the pipeline): reading stops until they act.</summary>
    public static bool NeedsAdmin(MailboxFailure failure) =>
        failure is MailboxFailure.Authentication or MailboxFailure.FolderNotFound or MailboxFailure.Tls or MailboxFailure.PipelineRefused;
}

/// <summary>The values of inbox.mailboxes.state.</summary>
internal static class MailboxStates
{
    /// <summary>Not read yet since it was added or its settings changed.</summary>
    public const string Waiting = "waiting";

    /// <summary>The last attempt read it.</summary>
    public const string Ok = "ok";

    /// <summary>The last attempt failed on something that passes (the network, a timeout): tried again later, ever less often.</summary>
    public const string Retrying = "retrying";

    /// <summary>
    /// The last attempt failed on something only the admin can fix (the password, the folder, TLS): not tried
    /// again until the settings are saved or a check succeeds.
    /// </summary>
    public const string Stopped = "stopped";
}

/// <summary>The API's names of <see cref="MailSecurity"/>.</summary>
internal static class MailSecurities
{
    public static readonly IReadOnlyList<string> Names = ["none", "startTls", "tls"];

    public static MailSecurity Parse(string name) => name switch
    {
        "none" => MailSecurity.None,
        "startTls" => MailSecurity.StartTls,
        _ => MailSecurity.Tls,
    };
}
