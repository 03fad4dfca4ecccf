using System.Data;
using System.Globalization;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.Modules.Inbox.Common;
using Dapper;
using FluentValidation;

namespace Crm.Modules.Inbox.Mail;

/// <summary>Reads shared mailboxes.</summary>
internal static class Mailboxes
{
    public static NotFoundException NotFound() => new(T.Pick("Почтовый ящик не найден", "Mailbox not found"));

    public static async Task<MailboxRow> GetAsync(IDbConnection conn, Guid id) =>
        await conn.QuerySingleOrDefaultAsync<MailboxRow>($"select {MailboxRow.Columns} from inbox.mailboxes m where m.id = @id", new { id })
        ?? throw NotFound();
}

/// <summary>What an admin sets for a shared mailbox, on create and on edit (the password may be left out on edit).</summary>
internal interface IMailboxSettings
{
    string? Name { get; }
    string? Host { get; }
    int? Port { get; }
    string? Security { get; }
    string? User { get; }
    string? Password { get; }
    string? Folder { get; }
    Guid? PipelineId { get; }
}

/// <summary>
/// The rules of a mailbox's settings: a name; a host name or address (no scheme, path or spaces); a port;
/// one of the securities; a user; a folder name when one is given (INBOX otherwise); a pipeline (taking
/// requests is checked by the handler). The password is checked by each command (required on create).
/// </summary>
internal sealed class MailboxSettingsRules<TMailbox> : AbstractValidator<TMailbox> where TMailbox : IMailboxSettings
{
    public const int TextMaxLength = 255;
    public const int PasswordMaxLength = 1_000;

    public MailboxSettingsRules()
    {
        RuleFor(m => m.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => T.Pick("Назовите ящик", "Name the mailbox"))
            .MaxText(TextMaxLength);
        RuleFor(m => m.Host)
            .Must(h => !string.IsNullOrWhiteSpace(h) && Uri.CheckHostName(h.Trim()) != UriHostNameType.Unknown)
            .WithMessage(_ => T.Pick("Адрес сервера — имя или IP, например imap.yandex.ru", "The server is a host name or an IP, e.g. imap.example.com"))
            .MaxText(TextMaxLength);
        RuleFor(m => m.Port).NotNull().InclusiveBetween(1, 65535)
            .WithMessage(_ => T.Pick("Порт — число от 1 до 65535 (обычно 993 или 143)", "The port is 1 to 65535 (usually 993 or 143)"));
        RuleFor(m => m.Security).Must(s => s is not null && MailSecurities.Names.Contains(s))
            .WithMessage(_ => T.Pick("Защита: tls (обычно порт 993), startTls (143) или none", "Security: tls (usually port 993), startTls (143) or none"));
        RuleFor(m => m.User).Must(u => !string.IsNullOrWhiteSpace(u)).WithMessage(_ => T.Pick("Укажите логин", "Give the user name"))
            .MaxText(TextMaxLength);
        RuleFor(m => m.Password).MaxText(PasswordMaxLength);
        RuleFor(m => m.Folder).MaxText(TextMaxLength);
        RuleFor(m => m.PipelineId).NotEmpty().WithMessage(_ => T.Pick("Выберите воронку", "Choose a pipeline"));
    }

    /// <summary>The folder to read: the one given, trimmed, else INBOX.</summary>
    public static string Folder(string? folder) => string.IsNullOrWhiteSpace(folder) ? "INBOX" : folder.Trim();

    public static string Host(string host) => host.Trim().ToLower(CultureInfo.InvariantCulture);
}
