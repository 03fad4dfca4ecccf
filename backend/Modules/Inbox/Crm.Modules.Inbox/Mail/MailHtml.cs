using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace Crm.Modules.Inbox.Mail;

/// <summary>
/// HTML mail made harmless: reduced to plain text, or sanitised. AngleSharp only parses here (no
/// scripting, no styles, no resources are ever loaded), so nothing in the mail runs anywhere.
/// </summary>
internal static partial class MailHtml
{
    // Elements whose content is never text a reader should see.
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "head", "title", "script", "style", "noscript", "template", "iframe", "frame", "frameset",
        "object", "embed", "applet", "svg", "math", "canvas", "audio", "video", "select", "button",
    };

    // Blocks that start and end a line, and those that stand apart with an empty line around them.
    private static readonly HashSet<string> Lines = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "header", "li", "main", "nav", "section", "summary",
        "tbody", "thead", "tfoot", "tr",
    };

    private static readonly HashSet<string> Paragraphs = new(StringComparer.OrdinalIgnoreCase)
    {
        "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "ol", "p", "pre", "table", "ul",
    };

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    // An HTML5 parser takes time quadratic in the nesting depth (a crafted mail of 200 KB of nested
    // tags holds it for many seconds, and the poller would meet that mail again on every try). Real
    // mail nests a few dozen levels; past this, the HTML is not parsed at all.
    private const int MaxDepth = 400;

    // Elements that need no end tag or close by themselves: they do not deepen the estimate.
    private static readonly HashSet<string> Shallow = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "td", "th", "tr", "tbody", "thead", "tfoot", "option", "optgroup", "colgroup",
        "caption", "rb", "rt", "rp", "html", "head", "body",
    };

    /// <summary>The text a person would read in the HTML: paragraphs and list items on their own lines, link targets in brackets.</summary>
    public static string ToText(string html)
    {
        if (TooDeep(html))
        {
            return Crude(html);
        }
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = parser.ParseDocument(html);
        var text = new StringBuilder();
        Append(document.Body ?? (INode)document.DocumentElement, text, preformatted: false, depth: 0);
        return Tidy(text.ToString());
    }

    /// <summary>
    /// The HTML with only harmless markup left: no scripts, styles, event handlers, forms, frames or
    /// images. Null for HTML nested too deep to parse in reasonable time (its text is still read).
    /// </summary>
    public static string? Sanitize(string html) => TooDeep(html) ? null : Sanitizer.Sanitize(html);

    /// <summary>A linear estimate of the nesting: start tags minus end tags, at their highest.</summary>
    internal static bool TooDeep(string html)
    {
        var depth = 0;
        for (var i = html.IndexOf('<'); i >= 0 && i < html.Length - 1; i = html.IndexOf('<', i + 1))
        {
            var closing = html[i + 1] == '/';
            var start = closing ? i + 2 : i + 1;
            var end = start;
            while (end < html.Length && char.IsAsciiLetterOrDigit(html[end]))
            {
                end++;
            }
            if (end == start || (!closing && !char.IsAsciiLetter(html[start])))
            {
                continue;
            }
            var gt = html.IndexOf('>', end);
            if (gt < 0)
            {
                break;
            }
            if (Shallow.Contains(html[start..end]) || (!closing && html[gt - 1] == '/'))
            {
                continue;
            }
            depth += closing ? -1 : 1;
            if (depth > MaxDepth)
            {
                return true;
            }
            depth = Math.Max(depth, 0);
        }
        return false;
    }

    // Text without an HTML parser, for HTML too deep for one: scripts, styles and the head dropped,
    // breaks kept, every other tag removed, entities decoded. Linear regexes only.
    private static string Crude(string html)
    {
        var text = HiddenParts().Replace(html, " ");
        text = Whitespace().Replace(text, " ");
        text = LineBreaks().Replace(text, "\n");
        text = Tags().Replace(text, "");
        return Tidy(System.Net.WebUtility.HtmlDecode(text));
    }

    private static void Append(INode node, StringBuilder text, bool preformatted, int depth)
    {
        if (depth > MaxDepth * 4)
        {
            return;
        }
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(preformatted ? t.Data : Whitespace().Replace(t.Data, " "));
                    break;
                case IElement e when Skipped.Contains(e.LocalName):
                    break;
                case IElement e when e.LocalName == "br":
                    text.Append('\n');
                    break;
                case IElement e when e.LocalName is "td" or "th":
                    Append(e, text, preformatted, depth + 1);
                    text.Append('\t');
                    break;
                case IElement e when e.LocalName == "img":
                    var alt = e.GetAttribute("alt");
                    if (!string.IsNullOrWhiteSpace(alt))
                    {
                        text.Append('[').Append(alt.Trim()).Append(']');
                    }
                    break;
                case IElement e when e.LocalName == "a":
                    var before = text.Length;
                    Append(e, text, preformatted, depth + 1);
                    var shown = text.ToString(before, text.Length - before).Trim();
                    var href = e.GetAttribute("href")?.Trim();
                    if (href is not null && IsShownLink(href) && !string.Equals(shown, href, StringComparison.OrdinalIgnoreCase)
                        && !string.Equals("mailto:" + shown, href, StringComparison.OrdinalIgnoreCase))
                    {
                        text.Append(" (").Append(href).Append(')');
                    }
                    break;
                case IElement e when Lines.Contains(e.LocalName) || Paragraphs.Contains(e.LocalName):
                    var breaks = Paragraphs.Contains(e.LocalName) ? 2 : 1;
                    Break(text, breaks);
                    if (e.LocalName == "li")
                    {
                        text.Append("- ");
                    }
                    Append(e, text, preformatted || e.LocalName == "pre", depth + 1);
                    Break(text, breaks);
                    break;
                case IElement e:
                    Append(e, text, preformatted, depth + 1);
                    break;
            }
        }
    }

    // Ends the text with at least this many line breaks (blanks between them do not count).
    private static void Break(StringBuilder text, int count)
    {
        var have = 0;
        for (var i = text.Length - 1; i >= 0 && have < count; i--)
        {
            if (text[i] == '\n')
            {
                have++;
            }
            else if (text[i] is not (' ' or '\t'))
            {
                break;
            }
        }
        text.Append('\n', count - have);
    }

    private static bool IsShownLink(string href) =>
        href.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    // Trailing blanks off every line, at most one empty line in a row, none at the ends.
    private static string Tidy(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(l => l.Replace('\u00A0', ' ').TrimEnd());
        var result = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            var trimmed = line.TrimStart(' ');
            if (trimmed.Length == 0)
            {
                blank++;
                continue;
            }
            if (result.Length > 0)
            {
                result.Append(blank > 0 ? "\n\n" : "\n");
            }
            result.Append(trimmed);
            blank = 0;
        }
        return result.ToString();
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        // No styles at all (they can hide or fake content), no images (remote ones track the reader).
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowedAtRules.Clear();
        sanitizer.AllowedTags.Remove("img");
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        return sanitizer;
    }

    [GeneratedRegex(@"[ \t\r\n\f]+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<(script|style|head|title|template|noscript)\b.*?</(script|style|head|title|template|noscript)\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex HiddenParts();

    [GeneratedRegex(@"<(br|/p|/div|/li|/tr|/h[1-6]|/table|/blockquote)\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.NonBacktracking)]
    private static partial Regex Tags();
}
