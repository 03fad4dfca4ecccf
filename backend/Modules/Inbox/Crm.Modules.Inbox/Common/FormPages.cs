using System.Text.Encodings.Web;
using System.Text.Unicode;
using Crm.BuildingBlocks.Localization;
using Microsoft.AspNetCore.Http;

namespace Crm.Modules.Inbox.Common;

/// <summary>
/// The small pages a browser without script gets after posting a form: the thank-you text, or what is
/// missing. Every text is HTML-encoded; the page has no script (the app's CSP stands).
/// </summary>
internal static class FormPages
{
    /// <summary>Encodes what HTML gives meaning to (&lt; &gt; &amp; quotes), and leaves Cyrillic readable.</summary>
    public static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static IResult ThankYou(string text) =>
        Page(StatusCodes.Status200OK, T.Pick("Заявка отправлена", "Request sent"), $"<p class=\"text\">{Html.Encode(text)}</p>");

    public static IResult Refused(IEnumerable<string> problems) => Page(
        StatusCodes.Status400BadRequest,
        T.Pick("Заявка не отправлена", "Request not sent"),
        $"<p>{Html.Encode(T.Pick("Заявка не отправлена:", "The request was not sent:"))}</p><ul>"
        + string.Concat(problems.Distinct().Select(p => $"<li>{Html.Encode(p)}</li>"))
        + $"</ul><p>{Html.Encode(T.Pick("Вернитесь назад, исправьте форму и отправьте её снова.", "Go back, correct the form and send it again."))}</p>");

    private static IResult Page(int status, string title, string body) => Results.Content(
        $$"""
        <!doctype html>
        <html lang="{{T.Pick("ru", "en")}}">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{Html.Encode(title)}}</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}.text{white-space:pre-line}</style></head>
        <body>{{body}}</body>
        </html>
        """,
        "text/html; charset=utf-8",
        statusCode: status);
}
