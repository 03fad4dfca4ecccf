using Dapper;
using Npgsql;

namespace Crm.Modules.Tasks.Common;

/// <summary>
/// Keeps <c>tasks.tasks.link_search</c>, the folded name of the task's linked deal, company or contact as
/// Tasks' copy holds it (the copy's <c>search</c>; '' without a link or while the copy has not come), which
/// the search (SearchTasks) finds tasks by with their own text, in one trigram index (M0012). A task's write
/// that sets its link sets it from the copy (<see cref="OfLink"/>); a copy's handler, after writing the copy,
/// hands it to the tasks linked to it (<see cref="FollowCopyAsync"/>), in the same transaction: so a rename,
/// and a copy that comes after its tasks (a merge's survivor not heard of yet), reach them. The copy's row
/// is read <c>for share</c>: a task written while its copy is being renamed waits for the rename and reads
/// the new name, and a rename waits for a task being written on it, whose row its update of the tasks then
/// sees; neither leaves a task with the old name.
/// </summary>
internal static class LinkSearch
{
    /// <summary>SQL: the folded name of the copy that <c>@LinkKind</c> and <c>@LinkId</c> name, '' for none.</summary>
    public const string OfLink =
        """
        coalesce(case @LinkKind
            when 'deal' then (select x.search from tasks.deals x where x.id = @LinkId for share)
            when 'company' then (select x.search from tasks.companies x where x.id = @LinkId for share)
            when 'contact' then (select x.search from tasks.contacts x where x.id = @LinkId for share)
        end, '')
        """;

    /// <summary>
    /// Gives the tasks linked to a copy (by ix_tasks_link) its current folded name, where theirs differs (a
    /// rename, or the copy's first coming); called after every upsert of the copy, kept or not, so a state
    /// again (a replay, `republish`) mends any task that missed it; a lookup by ix_tasks_link when none differs.
    /// </summary>
    public static async Task FollowCopyAsync(NpgsqlConnection conn, string kind, Guid id, CancellationToken ct)
    {
        var table = LinkKinds.CopyTable(kind);
        await conn.ExecuteAsync(new CommandDefinition(
            $"""
            update tasks.tasks t set link_search = x.search
            from {table} x
            where x.id = @id and t.link_id = @id and t.link_kind = @kind and t.link_search <> x.search
            """,
            new { id, kind }, cancellationToken: ct));
    }
}
