using System.Globalization;
using System.Text;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace Crm.BuildingBlocks.Tables;

/// <summary>A row of an uploaded table: its number in the file as a spreadsheet counts it (the header is 1) and its cells.</summary>
public sealed record TableRow(int Number, string[] Cells);

/// <summary>
/// An uploaded table (CSV or xlsx, at most <see cref="MaxBytes"/>) read for an import: the header row, then
/// the rows (a resumed import skips what it has done). CSV: UTF-8 (with or without a BOM) or UTF-16 with a BOM; Windows-1251
/// only when the user says so (<c>encoding=windows-1251</c>): a file that is not UTF-8 is refused with a
/// clear message rather than guessed, so «Иванов» never becomes «РРІР°РЅРѕРІ». The delimiter (, ; tab |)
/// is detected by Sep; an unclosed quote is refused with its row. xlsx: the first sheet, read by MiniExcel.
/// </summary>
public sealed class TableFile
{
    public const int MaxBytes = 20 * 1024 * 1024;
    public const string Windows1251 = "windows-1251";

    private readonly Func<IEnumerable<string[]>> records;

    private TableFile(IReadOnlyList<string> headers, Func<IEnumerable<string[]>> records)
    {
        Headers = headers;
        this.records = records;
    }

    public IReadOnlyList<string> Headers { get; }

    /// <summary>The rows after the header, numbered as a spreadsheet numbers them; blank rows left out.</summary>
    public IEnumerable<TableRow> Rows() =>
        records().Skip(1).Select((cells, i) => new TableRow(i + 2, cells)).Where(r => r.Cells.Any(c => c.Length > 0));

    public static bool IsXlsx(ReadOnlySpan<byte> content) => content.StartsWith("PK\u0003\u0004"u8);

    /// <summary>Opens <paramref name="content"/>; a file that cannot be read is a 400 on <c>file</c> (or <c>encoding</c>) saying why.</summary>
    public static TableFile Open(byte[] content, string? encoding)
    {
        if (content.Length == 0)
        {
            throw new FieldValidationException("file", T.Pick("Файл пустой", "The file is empty"));
        }
        var file = IsXlsx(content) ? Xlsx(content) : Csv(Decode(content, encoding));
        if (file.Headers.Count == 0 || file.Headers.All(h => h.Length == 0))
        {
            throw new FieldValidationException("file", T.Pick("В первой строке файла нет названий столбцов", "The file's first row has no column names"));
        }
        var twice = file.Headers.Where(h => h.Length > 0).GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new FieldValidationException("file", T.Pick($"Столбец «{twice.Key}» встречается дважды", $"The column \"{twice.Key}\" appears twice"));
        }
        return file;
    }

    private static string Decode(byte[] content, string? encoding)
    {
        if (string.Equals(encoding, Windows1251, StringComparison.OrdinalIgnoreCase))
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1251).GetString(content);
        }
        if (encoding is not null && !string.Equals(encoding, "utf-8", StringComparison.OrdinalIgnoreCase))
        {
            throw new FieldValidationException("encoding", T.Pick("Кодировка: utf-8 или windows-1251", "Encoding must be utf-8 or windows-1251"));
        }
        var span = content.AsSpan();
        if (span.StartsWith(Encoding.UTF8.Preamble))
        {
            span = span[3..];
        }
        else if (span.StartsWith(Encoding.Unicode.Preamble) || span.StartsWith(Encoding.BigEndianUnicode.Preamble))
        {
            return new StreamReader(new MemoryStream(content), detectEncodingFromByteOrderMarks: true).ReadToEnd();
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(span);
        }
        catch (DecoderFallbackException)
        {
            throw new FieldValidationException("encoding", T.Pick(
                "Файл не в кодировке UTF-8 (похоже, Windows-1251). Сохраните его в Excel как «CSV UTF-8» или выберите кодировку Windows-1251.",
                "The file is not UTF-8 (it looks like Windows-1251). Save it from Excel as \"CSV UTF-8\", or choose the Windows-1251 encoding."));
        }
    }

    private static TableFile Csv(string text)
    {
        UnclosedQuote(text);
        List<string[]> Read()
        {
            try
            {
                using var reader = Sep.Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).FromText(text);
                var rows = new List<string[]>();
                foreach (var row in reader)
                {
                    var cells = new string[row.ColCount];
                    for (var i = 0; i < cells.Length; i++)
                    {
                        cells[i] = row[i].ToString().Trim();
                    }
                    rows.Add(cells);
                }
                return rows;
            }
            catch (InvalidDataException e)
            {
                throw new FieldValidationException("file", T.Pick($"Не удалось прочитать CSV: {e.Message}", $"Cannot read the CSV: {e.Message}"));
            }
        }
        var all = Read();
        return new TableFile(all.Count == 0 ? [] : all[0], () => all);
    }

    /// <summary>A quote opened and never closed swallows the rest of the file into one cell: refused, naming the row it opens on.</summary>
    private static void UnclosedQuote(string text)
    {
        var inQuotes = false;
        var line = 1;
        var openedOn = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                if (inQuotes && i + 1 < text.Length && text[i + 1] == '"')
                {
                    i++;
                }
                else
                {
                    inQuotes = !inQuotes;
                    openedOn = line;
                }
            }
            else if (c == '\n')
            {
                line++;
            }
        }
        if (inQuotes)
        {
            throw new FieldValidationException("file", T.Pick(
                $"Кавычка в строке {openedOn} не закрыта: проверьте кавычки в файле",
                $"The quote opened on line {openedOn} is never closed: check the file's quotes"));
        }
    }

    private static TableFile Xlsx(byte[] content)
    {
        List<string[]> Read()
        {
            try
            {
                using var stream = new MemoryStream(content);
                return MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX)
                    .Cast<IDictionary<string, object?>>()
                    .Select(r => r.Values.Select(Text).ToArray())
                    .ToList();
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException or System.Xml.XmlException or IOException
                                          or NotSupportedException or KeyNotFoundException)
            {
                throw new FieldValidationException("file", T.Pick("Не удалось прочитать файл Excel (.xlsx)", "Cannot read the Excel (.xlsx) file"));
            }
        }
        var all = Read();
        return new TableFile(all.Count == 0 ? [] : all[0], () => all);
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        double d => ((decimal)d).ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "",
    };
}
