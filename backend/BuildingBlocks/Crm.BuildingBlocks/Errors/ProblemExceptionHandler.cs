using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Web;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Crm.BuildingBlocks.Errors;

/// <summary>Turns every exception into RFC 9457 problem details; never a stack trace.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            ValidationException v => Validation(v.Errors.GroupBy(e => CamelCase(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())),
            FieldValidationException f => Validation(new Dictionary<string, string[]> { [f.Field] = [f.Message] }),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } b =>
                Simple(b.StatusCode, T.Pick("Неподдерживаемый формат", "Unsupported media type"), b.Message),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Simple(StatusCodes.Status413PayloadTooLarge,
                T.Pick("Слишком большой запрос", "Request too large"), Web.BodyLimits.Refusal(context)),
            BadHttpRequestException { InnerException: JsonException j } => Validation(new Dictionary<string, string[]>
            {
                [FieldOf(j.Path)] = [j.Path is null or "$" ? Web.JsonBodyCheck.NotJson(j)
                    : T.Pick("Значение не того типа или формата.", "The value has the wrong type or format.")],
            }),
            BadHttpRequestException b => new ProblemDetails
            {
                Status = b.StatusCode,
                Title = T.Pick("Некорректный запрос", "Bad request"),
                Detail = T.Pick("Запрос не удалось прочитать: проверьте формат данных.", "The request could not be read: check the data format."),
            },
            NotFoundException n => Simple(StatusCodes.Status404NotFound, T.Pick("Не найдено", "Not found"), n.Message),
            ForbiddenException f => Simple(StatusCodes.Status403Forbidden, T.Pick("Недостаточно прав", "Forbidden"), f.Message),
            ConcurrencyConflictException c => Simple(StatusCodes.Status409Conflict, T.Pick("Конфликт изменений", "Conflict"), c.Message),
            ConflictException c => WithMembers(Simple(StatusCodes.Status409Conflict, c.Title, c.Message), c.Members),
            RetryLaterException r => Simple(r.Status, r.Status == StatusCodes.Status429TooManyRequests
                ? T.Pick("Слишком много попыток", "Too many requests")
                : T.Pick("Сервер занят", "Server busy"), r.Message),
            AuthenticationFailedException a => Simple(StatusCodes.Status401Unauthorized, T.Pick("Не удалось войти", "Sign-in failed"), a.Message),
            _ when DatabaseUnavailable.Is(exception) => Simple(StatusCodes.Status503ServiceUnavailable,
                T.Pick("Сервис временно недоступен", "Service unavailable"),
                T.Pick("База данных сейчас недоступна или перегружена. Повторите попытку через несколько секунд.",
                    "The database is unavailable or overloaded right now. Try again in a few seconds.")),
            _ => null,
        };
        if (exception is RetryLaterException retry)
        {
            context.Response.Headers.RetryAfter = Web.AbuseLimits.Seconds(retry.RetryAfter);
        }
        else if (problem?.Status == StatusCodes.Status503ServiceUnavailable)
        {
            // an outage or an overload is no bug: one line, no stack trace
            logger.LogWarning("Database unavailable on {Method} {Path}: {Error}", context.Request.Method, RequestLog.PathOf(context), exception.Message);
            context.Response.Headers.RetryAfter = DatabaseUnavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, RequestLog.PathOf(context));
            problem = Simple(StatusCodes.Status500InternalServerError,
                T.Pick("Ошибка сервера", "Server error"),
                T.Pick("Что-то пошло не так. Повторите попытку; если ошибка повторится, сообщите администратору.",
                    "Something went wrong. Try again; if it happens again, tell your administrator."));
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ValidationProblemDetails Validation(IDictionary<string, string[]> errors) => new(errors)
    {
        Status = StatusCodes.Status400BadRequest,
        Title = T.Pick("Проверьте введённые данные", "Check the data you entered"),
    };

    /// <summary>"$.phones[0].number" → "phones[0].number": the field as the client named it.</summary>
    private static string FieldOf(string? jsonPath) =>
        jsonPath is null or "$" ? "body" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');

    private static ProblemDetails Simple(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    private static ProblemDetails WithMembers(ProblemDetails problem, IReadOnlyDictionary<string, object?> members)
    {
        foreach (var (name, value) in members)
        {
            problem.Extensions[name] = value;
        }
        return problem;
    }

    private static string CamelCase(string name) =>
        string.Join('.', name.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
