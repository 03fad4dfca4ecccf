using System.Net;
using System.Text;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace Crm.Tests.Integration.Tables;

/// <summary>Reads an export back as a spreadsheet would: CSV by Sep (not the writer's code), xlsx by MiniExcel.</summary>
public static class ExportFiles
{
    public static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static async Task<byte[]> DownloadAsync(this HttpResponseMessage response, string contentType)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(contentType, response.Content.Headers.ContentType!.ToString());
        Assert.NotNull(response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The CSV's records (header first): UTF-8 with a BOM, CRLF rows, the given delimiter, RFC 4180 quotes.</summary>
    public static List<string[]> Csv(byte[] file, char delimiter)
    {
        Assert.True(file.AsSpan().StartsWith(Bom), "the file starts with the UTF-8 BOM");
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file, 3, file.Length - 3);
        Assert.EndsWith("\r\n", text);
        using var reader = Sep.New(delimiter).Reader(o => o with { HasHeader = false, Unescape = true }).FromText(text);
        var rows = new List<string[]>();
        foreach (var row in reader)
        {
            var cells = new string[row.ColCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = row[i].ToString();
            }
            rows.Add(cells);
        }
        return rows;
    }

    /// <summary>The xlsx's first sheet as rows of cell values (header first), as MiniExcel reads them.</summary>
    public static List<object?[]> Xlsx(byte[] file)
    {
        using var stream = new MemoryStream(file);
        return MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.ToArray())
            .ToList();
    }
}
