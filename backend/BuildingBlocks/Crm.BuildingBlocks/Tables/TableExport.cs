using System.Buffers;
using System.Globalization;
using System.Text;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Microsoft.AspNetCore.Http;
using SpreadCheetah;

namespace Crm.BuildingBlocks.Tables;

/// <summary>
/// A column of an export: its key (what <c>cols=</c> names) and its header in the user's language. A cell's
/// value decides how it is written (text escaped against formulas, numbers as numbers, times in the zone).
/// </summary>
public sealed record ExportColumn(string Key, string Header);

/// <summary>What an export query answers: the columns to write and the rows, read lazily while the response is written.</summary>
public sealed record ExportPlan(IReadOnlyList<ExportColumn> Columns, IAsyncEnumerable<object?[]> Rows);

/// <summary>
/// What the user asked for: the file format (<c>csv</c> or <c>xlsx</c>), the CSV delimiter (<c>comma</c> or
/// <c>semicolon</c>), the time zone times are shown in, and the columns in order (<c>cols=</c>, comma-separated keys).
/// </summary>
public sealed record ExportOptions(string Format, char Delimiter, TimeZoneInfo Zone, IReadOnlyList<string>? Columns)
{
    public static ExportOptions Parse(string? format, string? delimiter, string? tz, string? cols)
    {
        var f = (format ?? "csv").Trim().ToLowerInvariant();
        if (f is not ("csv" or "xlsx"))
        {
            throw new FieldValidationException("format", T.Pick("Формат: csv или xlsx", "Format must be csv or xlsx"));
        }
        var d = (delimiter ?? "comma").Trim().ToLowerInvariant() switch
        {
            "comma" or "," => ',',
            "semicolon" or ";" => ';',
            _ => throw new FieldValidationException("delimiter", T.Pick("Разделитель: comma или semicolon", "Delimiter must be comma or semicolon")),
        };
        var zone = TableTimes.Zone(tz);
        var columns = string.IsNullOrWhiteSpace(cols)
            ? null
            : cols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        return new ExportOptions(f, d, zone, columns);
    }

    /// <summary>
    /// The columns to write: those named by <c>cols=</c> in that order (an unknown key is a 400), else every
    /// available one.
    /// </summary>
    public IReadOnlyList<ExportColumn> Pick(IReadOnlyList<ExportColumn> available)
    {
        if (Columns is null)
        {
            return available;
        }
        var byKey = available.ToDictionary(c => c.Key, StringComparer.Ordinal);
        var unknown = Columns.Where(k => !byKey.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new FieldValidationException("cols", T.Pick($"Нет таких столбцов: {string.Join(", ", unknown)}", $"Unknown columns: {string.Join(", ", unknown)}"));
        }
        return Columns.Count == 0 ? available : Columns.Select(k => byKey[k]).ToList();
    }
}

/// <summary>
/// A table written as it is read: the header once, then rows, each straight to the response (CSV in chunks
/// of a few hundred rows, xlsx through SpreadCheetah's buffer), so the memory an export takes does not grow
/// with its rows. See ADR 0010.
/// </summary>
public abstract class TableWriter : IAsyncDisposable
{
    protected TableWriter(IReadOnlyList<ExportColumn> columns, TimeZoneInfo zone)
    {
        Columns = columns;
        Zone = zone;
    }

    public IReadOnlyList<ExportColumn> Columns { get; }

    protected TimeZoneInfo Zone { get; }

    /// <summary>Writes one row; <paramref name="cells"/> holds a value per column (string, decimal, long, int, DateTimeOffset, DateOnly or null).</summary>
    public abstract ValueTask WriteRowAsync(object?[] cells, CancellationToken ct);

    public abstract ValueTask CompleteAsync(CancellationToken ct);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected DateTime Local(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Zone).DateTime;

    /// <summary>
    /// A text cell made safe from formula injection (OWASP "CSV injection"): one that starts with
    /// <c>= + - @</c>, a tab or a carriage return gets a leading apostrophe, so a spreadsheet shows it as text.
    /// </summary>
    public static string Safe(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}

/// <summary>The export endpoints' one answer: a file streamed to the client as its rows are read.</summary>
public static class TableExport
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// A file <paramref name="name"/>-yyyyMMdd-HHmm.(csv|xlsx) of <paramref name="rows"/> (a value per column); the
    /// response starts as soon as the first chunk is ready (no Content-Length); <paramref name="ct"/> (the
    /// request's) stops it when the client goes away.
    /// </summary>
    public static IResult File(
        ExportOptions options, IReadOnlyList<ExportColumn> columns, string name, DateTimeOffset now,
        IAsyncEnumerable<object?[]> rows, CancellationToken ct) =>
        Results.Stream(
            async response =>
            {
                await using var stream = new AsyncWriteStream(response);
                var writer = options.Format == "xlsx"
                    ? (TableWriter)await XlsxWriter.StartAsync(stream, columns, options.Zone, ct)
                    : await CsvWriter.StartAsync(stream, columns, options.Zone, options.Delimiter, ct);
                await using (writer)
                {
                    await foreach (var row in rows.WithCancellation(ct))
                    {
                        await writer.WriteRowAsync(row, ct);
                    }
                    await writer.CompleteAsync(ct);
                }
                await stream.FlushAsync(ct); // what the writer's disposal wrote synchronously (the xlsx's zip directory)
            },
            options.Format == "xlsx" ? XlsxType : CsvType,
            $"{name}-{TimeZoneInfo.ConvertTime(now, options.Zone):yyyyMMdd-HHmm}.{options.Format}");

    /// <summary>
    /// CSV as Excel opens it: UTF-8 with a BOM, RFC 4180 (a field holding the delimiter, a quote, CR or LF,
    /// or edged with spaces, is quoted and its quotes doubled; rows end in CRLF), the delimiter chosen; with
    /// «;» (what Excel expects where the decimal separator is a comma) numbers take a decimal comma. Written
    /// in chunks of a few hundred rows, each awaited on the response (no synchronous writes).
    /// </summary>
    private sealed class CsvWriter : TableWriter
    {
        private const int RowsPerChunk = 500;
        private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
        private readonly Stream stream;
        private readonly StringBuilder chunk = new();
        private readonly char delimiter;
        private readonly NumberFormatInfo numbers;
        private int pending;

        private CsvWriter(Stream stream, IReadOnlyList<ExportColumn> columns, TimeZoneInfo zone, char delimiter)
            : base(columns, zone)
        {
            this.stream = stream;
            this.delimiter = delimiter;
            numbers = delimiter == ';' ? new NumberFormatInfo { NumberDecimalSeparator = ",", NegativeSign = "-" } : NumberFormatInfo.InvariantInfo;
        }

        public static async Task<CsvWriter> StartAsync(Stream stream, IReadOnlyList<ExportColumn> columns, TimeZoneInfo zone, char delimiter, CancellationToken ct)
        {
            await stream.WriteAsync(Encoding.UTF8.Preamble.ToArray(), ct);
            var writer = new CsvWriter(stream, columns, zone, delimiter);
            writer.WriteRecord(columns.Select(c => (object?)c.Header).ToArray());
            await writer.FlushAsync(ct);
            return writer;
        }

        public override async ValueTask WriteRowAsync(object?[] cells, CancellationToken ct)
        {
            WriteRecord(cells);
            if (++pending >= RowsPerChunk)
            {
                await FlushAsync(ct);
            }
        }

        /// <summary>A record's fields formatted straight into the chunk: no string per number or time.</summary>
        private void WriteRecord(object?[] cells)
        {
            for (var i = 0; i < Columns.Count; i++)
            {
                if (i > 0)
                {
                    chunk.Append(delimiter);
                }
                switch (cells[i])
                {
                    case null:
                        break;
                    case string s:
                        AppendText(Safe(s));
                        break;
                    case decimal d:
                        chunk.Append(numbers, $"{d}");
                        break;
                    case double d:
                        chunk.Append(numbers, $"{d}");
                        break;
                    case int n:
                        chunk.Append(n);
                        break;
                    case long n:
                        chunk.Append(n);
                        break;
                    case DateTimeOffset t:
                        chunk.Append(CultureInfo.InvariantCulture, $"{Local(t):yyyy-MM-dd HH:mm:ss}");
                        break;
                    case DateOnly d:
                        chunk.Append(CultureInfo.InvariantCulture, $"{d:yyyy-MM-dd}");
                        break;
                    case var other:
                        AppendText(Safe(Convert.ToString(other, CultureInfo.InvariantCulture) ?? ""));
                        break;
                }
            }
            chunk.Append("\r\n");
        }

        private void AppendText(string field)
        {
            if (NeedsQuotes(field))
            {
                chunk.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                chunk.Append(field);
            }
        }

        private bool NeedsQuotes(string field) =>
            field.Length > 0
            && (field.AsSpan().IndexOfAny(delimiter, '"') >= 0 || field.AsSpan().IndexOfAny('\r', '\n') >= 0
                || char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1]));

        private async ValueTask FlushAsync(CancellationToken ct)
        {
            if (chunk.Length > 0)
            {
                var bytes = ArrayPool<byte>.Shared.Rent(Utf8.GetMaxByteCount(chunk.Length));
                try
                {
                    // One encoder over the builder's pieces: a surrogate pair split between two pieces stays one character.
                    var encoder = Utf8.GetEncoder();
                    var length = 0;
                    foreach (var part in chunk.GetChunks())
                    {
                        length += encoder.GetBytes(part.Span, bytes.AsSpan(length), flush: false);
                    }
                    length += encoder.GetBytes([], bytes.AsSpan(length), flush: true);
                    chunk.Clear();
                    await stream.WriteAsync(bytes.AsMemory(0, length), ct);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(bytes);
                }
                await stream.FlushAsync(ct);
            }
            pending = 0;
        }

        public override ValueTask CompleteAsync(CancellationToken ct) => FlushAsync(ct);
    }

    /// <summary>xlsx through SpreadCheetah: one sheet, a bold header, numbers as numbers, times as dates (ADR 0010).</summary>
    private sealed class XlsxWriter : TableWriter
    {
        private readonly Spreadsheet sheet;
        private readonly SpreadCheetah.Styling.StyleId dateStyle;
        private readonly Cell[] row;

        private XlsxWriter(Spreadsheet sheet, IReadOnlyList<ExportColumn> columns, TimeZoneInfo zone) : base(columns, zone)
        {
            this.sheet = sheet;
            dateStyle = sheet.AddStyle(new SpreadCheetah.Styling.Style { Format = SpreadCheetah.Styling.NumberFormat.Custom("yyyy-mm-dd") });
            row = new Cell[columns.Count];
        }

        public static async Task<XlsxWriter> StartAsync(Stream stream, IReadOnlyList<ExportColumn> columns, TimeZoneInfo zone, CancellationToken ct)
        {
            var sheet = await Spreadsheet.CreateNewAsync(stream, cancellationToken: ct);
            await sheet.StartWorksheetAsync("Export", null, ct);
            var writer = new XlsxWriter(sheet, columns, zone);
            var bold = sheet.AddStyle(new SpreadCheetah.Styling.Style { Font = { Bold = true } });
            await sheet.AddHeaderRowAsync(columns.Select(c => Safe(c.Header)).ToArray(), bold, ct);
            return writer;
        }

        public override async ValueTask WriteRowAsync(object?[] cells, CancellationToken ct)
        {
            for (var i = 0; i < Columns.Count; i++)
            {
                row[i] = cells[i] switch
                {
                    null => new Cell((string?)null),
                    string s => new Cell(Safe(s)),
                    decimal d => new Cell(d),
                    double d => new Cell(d),
                    int n => new Cell(n),
                    long n => new Cell(n),
                    DateTimeOffset t => new Cell(Local(t)),
                    DateOnly d => new Cell(d.ToDateTime(TimeOnly.MinValue), dateStyle),
                    var other => new Cell(Safe(Convert.ToString(other, CultureInfo.InvariantCulture) ?? "")),
                };
            }
            await sheet.AddRowAsync(row, ct);
        }

        public override async ValueTask CompleteAsync(CancellationToken ct) => await sheet.FinishAsync(ct);

        public override async ValueTask DisposeAsync()
        {
            await sheet.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}

/// <summary>The cell of a custom field's stored value: numbers as numbers, dates as dates, a checkbox as да/нет, several options joined.</summary>
public static class CustomFieldCells
{
    public static object? Cell(string type, System.Text.Json.JsonElement value) => value.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined => null,
        System.Text.Json.JsonValueKind.Number => value.GetDecimal(),
        System.Text.Json.JsonValueKind.True => T.Pick("да", "yes"),
        System.Text.Json.JsonValueKind.False => T.Pick("нет", "no"),
        System.Text.Json.JsonValueKind.Array => string.Join("; ", value.EnumerateArray().Select(v => v.ToString())),
        System.Text.Json.JsonValueKind.String when type == CustomFields.CustomFieldTypes.Date
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => date,
        _ => value.ToString(),
    };
}
