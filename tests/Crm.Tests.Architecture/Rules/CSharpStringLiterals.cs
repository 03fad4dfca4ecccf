using System.Globalization;
using System.Text;

namespace Crm.Tests.Architecture.Rules;

/// <summary>A string literal's text (escapes resolved, interpolation holes shown as "{}") and the line it starts on.</summary>
public sealed record StringLiteral(string Text, int Line);

/// <summary>
/// Finds the string literals in C# source: regular, verbatim, interpolated and raw, in any
/// combination. It skips comments, char literals and preprocessor lines, and reads the code
/// inside interpolation holes as code (so <c>$"{deals.Count}"</c> holds no "deals."), while
/// literals nested in holes are found too. Just enough of a lexer to find SQL, not a parser.
/// </summary>
public static class CSharpStringLiterals
{
    public static IReadOnlyList<StringLiteral> Read(string source)
    {
        var lexer = new Lexer(source);
        lexer.Code(inHole: false);
        return lexer.Literals.OrderBy(l => l.Start).Select(l => new StringLiteral(l.Text, l.Line)).ToList();
    }

    private sealed class Lexer(string source)
    {
        private int _pos;

        public List<(int Start, int Line, string Text)> Literals { get; } = [];

        /// <summary>Reads code to the end, or in a hole up to (not past) the brace that closes it.</summary>
        public void Code(bool inHole)
        {
            var depth = 0;
            while (_pos < source.Length)
            {
                var c = source[_pos];
                if (c == '/' && At(1) == '/')
                {
                    SkipLine();
                }
                else if (c == '/' && At(1) == '*')
                {
                    var end = source.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                    _pos = end < 0 ? source.Length : end + 2;
                }
                else if (c == '#' && AtLineStart())
                {
                    SkipLine();
                }
                else if (c == '\'')
                {
                    SkipCharLiteral();
                }
                else if (c is '"' or '$' or '@' && StringStart() is { } start)
                {
                    ReadString(start);
                }
                else if (inHole && c == '{')
                {
                    depth++;
                    _pos++;
                }
                else if (inHole && c == '}')
                {
                    if (depth == 0)
                    {
                        return;
                    }
                    depth--;
                    _pos++;
                }
                else
                {
                    _pos++;
                }
            }
        }

        private char At(int offset) => _pos + offset < source.Length ? source[_pos + offset] : '\0';

        private void SkipLine()
        {
            var end = source.IndexOf('\n', _pos);
            _pos = end < 0 ? source.Length : end;
        }

        private bool AtLineStart()
        {
            for (var i = _pos - 1; i >= 0 && source[i] != '\n'; i--)
            {
                if (!char.IsWhiteSpace(source[i]))
                {
                    return false;
                }
            }
            return true;
        }

        private void SkipCharLiteral()
        {
            _pos++;
            if (At(0) == '\\')
            {
                _pos += 2;
            }
            while (_pos < source.Length && source[_pos] is not ('\'' or '\n'))
            {
                _pos++;
            }
            _pos++;
        }

        /// <summary>The prefix of a string literal at the current position ($ signs, @, opening quotes), if one starts here.</summary>
        private (int Dollars, bool Verbatim, int Quotes)? StringStart()
        {
            var i = _pos;
            var dollars = 0;
            var verbatim = false;
            for (; i < source.Length && source[i] is '$' or '@'; i++)
            {
                if (source[i] == '$')
                {
                    dollars++;
                }
                else
                {
                    verbatim = true;
                }
            }
            var quotes = 0;
            while (i + quotes < source.Length && source[i + quotes] == '"')
            {
                quotes++;
            }
            if (quotes == 0)
            {
                return null;
            }
            // """ opens a raw string; "" is an empty one, @"" an empty verbatim (whose "" may also be an escaped quote).
            return (dollars, verbatim, verbatim || quotes < 3 ? 1 : quotes);
        }

        private void ReadString((int Dollars, bool Verbatim, int Quotes) start)
        {
            var begin = _pos;
            while (source[_pos] != '"')
            {
                _pos++;
            }
            _pos += start.Quotes;
            var text = new StringBuilder();
            if (start.Quotes >= 3)
            {
                Raw(text, start.Quotes, start.Dollars);
            }
            else
            {
                Quoted(text, start.Verbatim, start.Dollars > 0);
            }
            Literals.Add((begin, LineOf(begin), text.ToString()));
        }

        private void Quoted(StringBuilder text, bool verbatim, bool interpolated)
        {
            while (_pos < source.Length)
            {
                var c = source[_pos];
                if (c == '"' && verbatim && At(1) == '"')
                {
                    text.Append('"');
                    _pos += 2;
                }
                else if (c == '"')
                {
                    _pos++;
                    return;
                }
                else if (c == '\n' && !verbatim)
                {
                    return; // unterminated: stop at the line's end rather than swallow the file
                }
                else if (c == '\\' && !verbatim)
                {
                    text.Append(Escape());
                }
                else if (interpolated && c is '{' or '}' && At(1) == c)
                {
                    text.Append(c);
                    _pos += 2;
                }
                else if (interpolated && c == '{')
                {
                    Hole(text, 1);
                }
                else
                {
                    text.Append(c);
                    _pos++;
                }
            }
        }

        /// <summary>Raw text up to as many quotes as opened it; with n $ signs, n braces open a hole.</summary>
        private void Raw(StringBuilder text, int quotes, int dollars)
        {
            while (_pos < source.Length)
            {
                var c = source[_pos];
                var run = Run(c);
                if (c == '"' && run >= quotes)
                {
                    _pos += quotes;
                    return;
                }
                if (c == '{' && dollars > 0 && run >= dollars)
                {
                    text.Append('{', run - dollars);
                    _pos += run - dollars;
                    Hole(text, dollars);
                }
                else
                {
                    text.Append(c, run);
                    _pos += run;
                }
            }
        }

        /// <summary>An interpolation hole: code (whose own literals are collected) up to its closing braces.</summary>
        private void Hole(StringBuilder text, int braces)
        {
            _pos += braces;
            Code(inHole: true);
            for (var i = 0; i < braces && At(0) == '}'; i++)
            {
                _pos++;
            }
            text.Append("{}");
        }

        private int Run(char c)
        {
            var run = 1;
            while (At(run) == c)
            {
                run++;
            }
            return run;
        }

        private string Escape()
        {
            var c = At(1);
            _pos += 2;
            return c switch
            {
                'n' => "\n",
                'r' => "\r",
                't' => "\t",
                '0' => "\0",
                'a' => "\a",
                'b' => "\b",
                'f' => "\f",
                'v' => "\v",
                'e' => "\u001b",
                'u' => Hex(4, 4),
                'U' => Hex(8, 8),
                'x' => Hex(1, 4),
                _ => c.ToString(),
            };
        }

        private string Hex(int min, int max)
        {
            var length = 0;
            while (length < max && Uri.IsHexDigit(At(length)))
            {
                length++;
            }
            if (length < min)
            {
                return "";
            }
            var value = int.Parse(source.AsSpan(_pos, length), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            _pos += length;
            return value switch
            {
                <= char.MaxValue => ((char)value).ToString(), // lone surrogates are fine here
                <= 0x10FFFF => char.ConvertFromUtf32(value),
                _ => "",
            };
        }

        private int LineOf(int position)
        {
            var line = 1;
            for (var i = 0; i < position; i++)
            {
                if (source[i] == '\n')
                {
                    line++;
                }
            }
            return line;
        }
    }
}
