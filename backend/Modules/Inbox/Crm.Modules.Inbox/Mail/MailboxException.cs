using Crm.BuildingBlocks.Localization;

namespace Crm.Modules.Inbox.Mail;

/// <summary>What went wrong with a mailbox, for the settings page and for deciding on backoff.</summary>
internal enum MailboxFailure
{
    /// <summary>The server could not be reached, refused, or dropped the connection.</summary>
    Connection,

    /// <summary>TLS failed: an untrusted or invalid certificate, or no common protocol.</summary>
    Tls,

    /// <summary>The server refused the user name and password.</summary>
    Authentication,

    /// <summary>The configured folder does not exist.</summary>
    FolderNotFound,

    /// <summary>The server did not answer in time.</summary>
    Timeout,

    /// <summary>The server answered something the client did not expect (or refused a command).</summary>
    Protocol,

    /// <summary>The mailbox's pipeline takes no requests any more (archived, or without «Неразобранное»).</summary>
    PipelineRefused,

    /// <summary>Something failed on our side while mails were taken (the server's log says what).</summary>
    Internal,
}

/// <summary>
/// A mailbox could not be read. The message names the mailbox (host, port, user, folder; never the
/// password) and says what to check, in Russian or English by the current culture. The reader never
/// retries: the caller decides when to try again.
/// </summary>
internal sealed class MailboxException : Exception
{
    public MailboxException(MailboxFailure failure, string message, Exception? inner = null)
        : base(message, inner) => Failure = failure;

    public MailboxFailure Failure { get; }

    public static MailboxException Of(MailboxFailure failure, MailboxSettings settings, Exception? inner) =>
        new(failure, Describe(failure, settings.Host, settings.Port, settings.User, settings.Folder, inner?.Message), inner);

    /// <summary>What went wrong, in the current culture's words, naming the mailbox (never its password) and what to check.</summary>
    public static string Describe(MailboxFailure failure, string host, int port, string user, string folder, string? detail)
    {
        var where = $"{host}:{port}";
        var message = failure switch
        {
            MailboxFailure.Connection => T.Pick(
                $"Не удалось соединиться с почтовым сервером {where}: проверьте адрес, порт и способ защиты",
                $"Could not connect to the mail server {where}: check the host, port and security"),
            MailboxFailure.Tls => T.Pick(
                $"Ошибка TLS с почтовым сервером {where}: сертификат не принят или протоколы не совпали",
                $"TLS failed with the mail server {where}: the certificate was not accepted or no common protocol"),
            MailboxFailure.Authentication => T.Pick(
                $"Почтовый сервер {where} не принял логин «{user}» и пароль",
                $"The mail server {where} refused the user name \"{user}\" and password"),
            MailboxFailure.FolderNotFound => T.Pick(
                $"В почтовом ящике «{user}» на {where} нет папки «{folder}»",
                $"The mailbox \"{user}\" on {where} has no folder \"{folder}\""),
            MailboxFailure.Timeout => T.Pick(
                $"Почтовый сервер {where} не ответил вовремя",
                $"The mail server {where} did not answer in time"),
            MailboxFailure.PipelineRefused => T.Pick(
                "Воронка ящика больше не принимает заявки (она в архиве или без этапа «Неразобранное»): выберите другую",
                "The mailbox's pipeline takes no requests any more (archived, or without an unsorted stage): choose another"),
            MailboxFailure.Internal => T.Pick(
                "Внутренняя ошибка при приёме почты: подробности в журнале сервера",
                "An internal error while taking mail: the server's log has the details"),
            _ => T.Pick(
                $"Почтовый сервер {where} отказал в команде IMAP или ответил неожиданно",
                $"The mail server {where} refused an IMAP command or answered unexpectedly"),
        };
        return string.IsNullOrWhiteSpace(detail) ? message : $"{message} ({detail})";
    }
}
