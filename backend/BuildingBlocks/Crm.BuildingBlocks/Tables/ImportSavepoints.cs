using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Crm.BuildingBlocks.Tables;

/// <summary>
/// An import batch's checked rows saved together under a savepoint; should the database refuse that (a rule it
/// holds that the checks in memory do not), again one at a time, each under its own savepoint, so that only the
/// row at fault is refused (<paramref name="refused"/> says how, from the database's message).
/// </summary>
public static class ImportSavepoints
{
    public static async Task<IReadOnlyList<TOutcome>> SaveAsync<TRow, TOutcome>(
        NpgsqlConnection conn, IReadOnlyList<TRow> rows, Func<IReadOnlyList<TRow>, Task<IReadOnlyList<TOutcome>>> save,
        Func<string, TOutcome> refused, ILogger logger)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        await conn.ExecuteAsync("savepoint import_batch");
        try
        {
            var outcomes = await save(rows);
            await conn.ExecuteAsync("release savepoint import_batch");
            return outcomes;
        }
        catch (PostgresException e)
        {
            logger.LogWarning(e, "An import batch was refused by the database; its rows are saved one at a time");
            await conn.ExecuteAsync("rollback to savepoint import_batch");
        }
        var one = new List<TOutcome>(rows.Count);
        foreach (var row in rows)
        {
            await conn.ExecuteAsync("savepoint import_row");
            try
            {
                one.Add((await save([row]))[0]);
                await conn.ExecuteAsync("release savepoint import_row");
            }
            catch (PostgresException e)
            {
                logger.LogWarning(e, "An import row was refused by the database");
                await conn.ExecuteAsync("rollback to savepoint import_row");
                one.Add(refused(Localization.T.Pick($"Строка не сохранена: {e.MessageText}", $"The row was not saved: {e.MessageText}")));
            }
        }
        return one;
    }
}
