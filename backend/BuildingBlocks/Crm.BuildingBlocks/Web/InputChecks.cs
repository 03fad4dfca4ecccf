using System.Text.Json;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Web;

/// <summary>
/// Input is judged once, here, before any module sees it: a query string value, route value or JSON
/// string (value or property name) holding NUL or a lone surrogate, a null inside a JSON array, and
/// a body that is not JSON at all are refused with a 400 problem naming the field; an API body in a
/// content type the endpoint does not declare is a 415. Nothing reaches a handler, so nothing is
/// written and PostgreSQL never sees text it would reject.
/// </summary>
public static class InputChecks
{
    private const string JsonMediaType = "application/json";

    /// <summary>
    /// Minimal APIs throw on a body they cannot bind (a wrong type, say) in every environment, so the
    /// problem handler answers it with the field named instead of a bare "Bad Request".
    /// </summary>
    public static IServiceCollection AddInputChecks(this IServiceCollection services) =>
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

    /// <summary>Adds the checks to the pipeline: call after authorization, so that 401 and 403 come first.</summary>
    public static IApplicationBuilder UseInputChecks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        CheckQueryAndRoute(context.Request);
        if (context.Request.Path.StartsWithSegments("/api") && HasBody(context.Request))
        {
            await CheckBodyAsync(context);
        }
        await next(context);
    });

    private static void CheckQueryAndRoute(HttpRequest request)
    {
        foreach (var (key, values) in request.Query)
        {
            if (!TextInput.IsStorable(key))
            {
                throw new FieldValidationException("query", TextInput.Refusal);
            }
            foreach (var value in values)
            {
                if (value is not null && !TextInput.IsStorable(value))
                {
                    throw new FieldValidationException(key, TextInput.Refusal);
                }
            }
        }
        foreach (var (key, value) in request.RouteValues)
        {
            if (value is string text && !TextInput.IsStorable(text))
            {
                throw new FieldValidationException(key, TextInput.Refusal);
            }
        }
    }

    private static bool HasBody(HttpRequest request) =>
        (request.ContentLength ?? 0) > 0 || request.Headers.TransferEncoding.Count > 0;

    private static async Task CheckBodyAsync(HttpContext context)
    {
        var request = context.Request;
        var mediaType = request.ContentType is { } type && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(type, out var parsed)
            ? parsed.MediaType.Value ?? ""
            : "";
        var isJson = mediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        if (!isJson)
        {
            var accepted = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAcceptsMetadata>().SelectMany(a => a.ContentTypes) ?? [];
            if (!accepted.Any(a => a.Equals(mediaType, StringComparison.OrdinalIgnoreCase)))
            {
                throw new BadHttpRequestException(
                    T.Pick($"Тело запроса принимается только в формате JSON ({JsonMediaType}), а пришло «{mediaType}».",
                        $"The request body must be JSON ({JsonMediaType}); got '{mediaType}'."),
                    StatusCodes.Status415UnsupportedMediaType);
            }
            return;
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        request.Body = new MemoryStream(body, writable: false);
        JsonBodyCheck.Check(body);
    }
}

/// <summary>Walks a JSON body once, keeping the path of the value it reads, and refuses what the app never stores.</summary>
internal static class JsonBodyCheck
{
    public static void Check(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var path = new List<Segment>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = Text(ref reader, path);
                        path[^1] = path[^1] with { Name = name };
                        break;
                    case JsonTokenType.StartObject:
                        Advance(path);
                        path.Add(new Segment(false, null, -1));
                        break;
                    case JsonTokenType.StartArray:
                        Advance(path);
                        path.Add(new Segment(true, null, -1));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.String:
                        Advance(path);
                        Text(ref reader, path);
                        break;
                    case JsonTokenType.Null:
                        Advance(path);
                        if (path.Count > 0 && path[^1].InArray)
                        {
                            throw new FieldValidationException(PathOf(path),
                                T.Pick("Пустой элемент (null) в списке недопустим.", "A list may not contain an empty (null) item."));
                        }
                        break;
                    default:
                        Advance(path);
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            throw new FieldValidationException("body", NotJson(e));
        }
    }

    /// <summary>The message for a body that is not JSON, with where the reader stopped when it says so.</summary>
    public static string NotJson(JsonException e) => e.LineNumber is { } line && e.BytePositionInLine is { } position
        ? T.Pick($"Тело запроса — не корректный JSON (строка {line + 1}, позиция {position + 1}).",
            $"The request body is not valid JSON (line {line + 1}, position {position + 1}).")
        : T.Pick("Тело запроса — не корректный JSON.", "The request body is not valid JSON.");

    private static string Text(ref Utf8JsonReader reader, List<Segment> path)
    {
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new FieldValidationException(PathOf(path), TextInput.Refusal); // a lone surrogate escape or bytes that are not UTF-8
        }
        if (!TextInput.IsStorable(text))
        {
            throw new FieldValidationException(PathOf(path), TextInput.Refusal);
        }
        return text;
    }

    /// <summary>A value in an array moves the array's index on.</summary>
    private static void Advance(List<Segment> path)
    {
        if (path.Count > 0 && path[^1].InArray)
        {
            path[^1] = path[^1] with { Index = path[^1].Index + 1 };
        }
    }

    private static string PathOf(List<Segment> path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var segment in path)
        {
            if (segment.InArray)
            {
                if (segment.Index >= 0)
                {
                    text.Append('[').Append(segment.Index).Append(']');
                }
            }
            else if (segment.Name is not null)
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }
                text.Append(segment.Name);
            }
        }
        return text.Length == 0 ? "body" : text.ToString();
    }

    private sealed record Segment(bool InArray, string? Name, int Index);
}
