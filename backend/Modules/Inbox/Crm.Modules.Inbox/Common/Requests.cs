using System.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Dapper;

namespace Crm.Modules.Inbox.Common;

/// <summary>Reads requests.</summary>
internal static class Requests
{
    public static NotFoundException NotFound() => new(T.Pick("Заявка не найдена", "Request not found"));

    public static Task<RequestRow?> FindAsync(IDbConnection conn, Guid id) =>
        conn.QuerySingleOrDefaultAsync<RequestRow>($"select {RequestRow.Columns} from inbox.requests r where r.id = @id", new { id });

    public static async Task<RequestRow> GetAsync(IDbConnection conn, Guid id) => await FindAsync(conn, id) ?? throw NotFound();
}
