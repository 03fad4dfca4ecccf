using System.Data;
using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Text;
using Crm.Modules.Directory.Contracts;
using Dapper;
using static Crm.Modules.Directory.Common.ImportRows;

namespace Crm.Modules.Directory.Common;

/// <summary>
/// The rows of an import's batch that passed the field rules, saved together with the outcome each would have
/// had saved one after the other by <see cref="ImportRows.SaveAsync"/>: a look-up of the look-alikes of all the
/// rows at once (and, to update them, their rows locked and their channels read), the companies a contact names
/// by name at once, then one insert per table for what is new, one update for what changes, and the same events
/// in one write to the outbox. A row meets the records the rows before it made or changed: a duplicate of one of
/// them is skipped in <c>skip</c> mode; in <c>update</c> mode the rows written so far are saved first and the rest
/// looked up again (a segment), so that record's new version and channels are what the row updates.
/// </summary>
internal static class ImportBatch
{
    /// <summary>What became of each row (same order).</summary>
    public static async Task<(RowOutcome Outcome, string? Reason)[]> SaveAsync(
        IDbConnection conn, IEventPublisher events, ImportContext context, IReadOnlyList<Dictionary<string, string>> rows, CancellationToken ct)
    {
        var outcomes = new (RowOutcome, string?)[rows.Count];
        for (var from = 0; from < rows.Count;)
        {
            from = context.List == "companies"
                ? await CompaniesAsync(conn, events, context, rows, from, outcomes, ct)
                : await ContactsAsync(conn, events, context, rows, from, outcomes, ct);
        }
        return outcomes;
    }

    private static async Task<int> ContactsAsync(
        IDbConnection conn, IEventPublisher events, ImportContext context, IReadOnlyList<Dictionary<string, string>> rows, int from,
        (RowOutcome, string?)[] outcomes, CancellationToken ct)
    {
        var inputs = rows.Skip(from).Select(ContactOf).ToList();
        var sets = inputs.Select(i => new Channels.Set(Channels.Normalize(i.Phones), Channels.Normalize(i.Emails), [])).ToList();
        var all = new Channels.Set(sets.SelectMany(s => s.Phones).ToList(), sets.SelectMany(s => s.Emails).ToList(), []);
        var seen = await Seen.ReadAsync(context, () => Duplicates.FindContactsAsync(conn, null, all));
        var stored = seen.Stored.Length == 0 ? [] : (await conn.QueryAsync<ContactRow>(
            $"select {ContactRow.Columns} from directory.contacts where id = any(@ids) order by id for update", new { ids = seen.Stored }))
            .ToDictionary(r => r.Id);
        var storedChannels = stored.Count == 0 ? new Dictionary<Guid, Channels.Set>() : await Channels.ReadAsync(conn, Owner.Contact, stored.Keys);
        var companies = new CompanyNames(await Companies.LiveByNameAsync(conn, inputs.Select(i => DirectoryRules.Clean(i.Company)).OfType<string>()));
        var created = new List<(Guid Id, ContactFields Fields)>();
        var updated = new List<(Guid Id, ContactFields Fields, Guid ResponsibleId)>();
        var at = from;
        for (; at < rows.Count; at++)
        {
            var (input, channels) = (inputs[at - from], sets[at - from]);
            var (cut, outcome, reason, twin) = seen.Decide(Keys(channels, null));
            if (cut)
            {
                break;
            }
            if (twin is { } id && stored[id] is var row)
            {
                if (!context.Supervisor && row.ResponsibleId != context.UserId)
                {
                    outcomes[at] = (RowOutcome.Rejected, T.Pick("Менеджер может менять только свои контакты", "A manager may change only the contacts they are responsible for"));
                    continue;
                }
                var fields = new ContactFields(
                    input.FullName!.Trim(), DirectoryRules.Clean(input.Position) ?? row.Position, companies.For(input.Company) ?? row.CompanyId,
                    row.Custom, Channels.Union(storedChannels[id], channels));
                updated.Add((id, fields, row.ResponsibleId));
                seen.Touch(id, Keys(fields.Channels, null));
            }
            else if (outcome is null)
            {
                var fields = new ContactFields(input.FullName!.Trim(), DirectoryRules.Clean(input.Position), companies.For(input.Company), "{}", channels);
                created.Add((Guid.CreateVersion7(), fields));
                seen.Touch(created[^1].Id, Keys(channels, null));
            }
            outcomes[at] = (outcome ?? (twin is null ? RowOutcome.Created : RowOutcome.Updated), reason);
        }
        await Companies.CreateAllAsync(conn, events, companies.New, context.UserId, context.UserId, context.Now, ct);
        await Contacts.CreateAllAsync(conn, events, created, context.UserId, context.UserId, context.Now, ct);
        await Contacts.UpdateAllAsync(conn, updated, context.UserId, context.Now);
        var states = (await RecordStates.ContactsAsync(conn, updated.Select(u => u.Id).ToList())).ToDictionary(s => s.ContactId);
        await events.PublishAllAsync(updated.Select(u => (IntegrationEvent)new ContactUpdated(states[u.Id], context.UserId)).ToList(), ct);
        return at;
    }

    private static async Task<int> CompaniesAsync(
        IDbConnection conn, IEventPublisher events, ImportContext context, IReadOnlyList<Dictionary<string, string>> rows, int from,
        (RowOutcome, string?)[] outcomes, CancellationToken ct)
    {
        var inputs = rows.Skip(from).Select(CompanyOf).ToList();
        var sets = inputs.Select(i => new Channels.Set(Channels.Normalize(i.Phones), Channels.Normalize(i.Emails), [])).ToList();
        var all = new Channels.Set(sets.SelectMany(s => s.Phones).ToList(), sets.SelectMany(s => s.Emails).ToList(), []);
        var taxIds = inputs.Select(i => DirectoryRules.Clean(i.TaxId)).OfType<string>().Distinct().ToList();
        var seen = await Seen.ReadAsync(context, () => Duplicates.FindCompaniesAsync(conn, null, all, taxIds));
        var stored = seen.Stored.Length == 0 ? [] : (await conn.QueryAsync<CompanyRow>(
            $"select {CompanyRow.Columns} from directory.companies where id = any(@ids) order by id for update", new { ids = seen.Stored }))
            .ToDictionary(r => r.Id);
        var storedChannels = stored.Count == 0 ? new Dictionary<Guid, Channels.Set>() : await Channels.ReadAsync(conn, Owner.Company, stored.Keys);
        var created = new List<(Guid Id, CompanyFields Fields)>();
        var updated = new List<(Guid Id, CompanyFields Fields, Guid ResponsibleId)>();
        var at = from;
        for (; at < rows.Count; at++)
        {
            var (input, channels) = (inputs[at - from], sets[at - from]);
            var taxId = DirectoryRules.Clean(input.TaxId);
            var (cut, outcome, reason, twin) = seen.Decide(Keys(channels, taxId));
            if (cut)
            {
                break;
            }
            if (twin is { } id && stored[id] is var row)
            {
                if (!context.Supervisor && row.ResponsibleId != context.UserId)
                {
                    outcomes[at] = (RowOutcome.Rejected, T.Pick("Менеджер может менять только свои компании", "A manager may change only the companies they are responsible for"));
                    continue;
                }
                var fields = new CompanyFields(
                    input.Name!.Trim(), DirectoryRules.Clean(input.Website) ?? row.Website, DirectoryRules.Clean(input.Address) ?? row.Address,
                    DirectoryRules.Clean(input.Region) ?? row.Region, taxId ?? row.TaxId, DirectoryRules.Clean(input.Notes) ?? row.Notes, row.Custom,
                    Channels.Union(storedChannels[id], channels));
                updated.Add((id, fields, row.ResponsibleId));
                seen.Touch(id, Keys(fields.Channels, fields.TaxId));
            }
            else if (outcome is null)
            {
                var fields = new CompanyFields(
                    input.Name!.Trim(), DirectoryRules.Clean(input.Website), DirectoryRules.Clean(input.Address), DirectoryRules.Clean(input.Region), taxId,
                    DirectoryRules.Clean(input.Notes), "{}", channels);
                created.Add((Guid.CreateVersion7(), fields));
                seen.Touch(created[^1].Id, Keys(channels, taxId));
            }
            outcomes[at] = (outcome ?? (twin is null ? RowOutcome.Created : RowOutcome.Updated), reason);
        }
        await Companies.CreateAllAsync(conn, events, created, context.UserId, context.UserId, context.Now, ct);
        await Companies.UpdateAllAsync(conn, updated, context.UserId, context.Now);
        var states = (await RecordStates.CompaniesAsync(conn, updated.Select(u => u.Id).ToList())).ToDictionary(s => s.CompanyId);
        await events.PublishAllAsync(updated.Select(u => (IntegrationEvent)new CompanyUpdated(states[u.Id], context.UserId)).ToList(), ct);
        return at;
    }

    /// <summary>
    /// What the look-alikes (distinct records) mean in this mode: none, or <c>create</c> → save a new record; <c>skip</c> → skipped;
    /// <c>update</c> → the one record they are (several different ones: refused, the user must choose).
    /// </summary>
    private static (RowOutcome? Outcome, string? Reason, Guid? Id) Twin(IReadOnlyList<Guid> twins, ImportContext context)
    {
        (RowOutcome?, string?, Guid?) answer = twins.Count == 0 || context.Duplicates == Create ? (null, null, null)
            : context.Duplicates == Skip ? (RowOutcome.Skipped, null, null)
            : twins.Count > 1 ? (RowOutcome.Rejected, T.Pick(
                $"Совпадает с несколькими записями ({twins.Count}): объедините их или исправьте строку",
                $"Matches several records ({twins.Count}): merge them or correct the row"), null)
            : (null, null, twins[0]);
        return answer;
    }

    /// <summary>What a record is found by as a duplicate: its phones, e-mails, and a company's ИНН.</summary>
    private static List<string> Keys(Channels.Set channels, string? taxId) =>
        [.. channels.Phones.Select(p => "phone:" + p.Number), .. channels.Emails.Select(e => "email:" + e.Address), .. taxId is null ? [] : new[] { "taxId:" + taxId }];

    /// <summary>
    /// The look-alikes a segment's rows have among the stored records (read once), and the records the segment's
    /// rows before have made or changed (the keys they are found by now).
    /// </summary>
    private sealed class Seen
    {
        private readonly ImportContext context;
        private readonly ILookup<string, Guid> stored;
        private readonly HashSet<string> touchedKeys = [];
        private readonly HashSet<Guid> touchedIds = [];

        private Seen(ImportContext context, ILookup<string, Guid> stored)
        {
            this.context = context;
            this.stored = stored;
            Stored = context.Duplicates == Update ? stored.SelectMany(g => g).Distinct().ToArray() : [];
        }

        /// <summary>The stored look-alikes' ids in <c>update</c> mode: the records it may change (locked before it decides).</summary>
        public Guid[] Stored { get; }

        /// <summary>Nothing is looked up in <c>create</c> mode: a look-alike changes nothing there.</summary>
        public static async Task<Seen> ReadAsync(ImportContext context, Func<Task<IEnumerable<Duplicates.Hit>>> find) =>
            new(context, context.Duplicates == Create ? Array.Empty<Guid>().ToLookup(_ => "") : (await find()).ToLookup(h => h.MatchedOn + ":" + h.Value, h => h.Id));

        /// <summary>
        /// Cut: the row's look-alike was made or changed by a row before it in <c>update</c> mode (the segment ends before it);
        /// else the outcome decided (skipped, refused), or the record to update, or neither (create).
        /// </summary>
        public (bool Cut, RowOutcome? Outcome, string? Reason, Guid? Twin) Decide(List<string> keys)
        {
            if (context.Duplicates == Create)
            {
                return (false, null, null, null);
            }
            var twins = keys.SelectMany(k => stored[k]).Distinct().ToList();
            var touched = keys.Any(touchedKeys.Contains) || twins.Any(touchedIds.Contains);
            if (touched)
            {
                return context.Duplicates == Skip ? (false, RowOutcome.Skipped, null, null) : (true, null, null, null);
            }
            var (outcome, reason, twin) = Twin(twins, context);
            return (false, outcome, reason, twin);
        }

        public void Touch(Guid id, List<string> keys)
        {
            touchedIds.Add(id);
            touchedKeys.UnionWith(keys);
        }
    }

    /// <summary>The live companies a segment's contacts name (folded name → id), and those it makes for names not found, the importer's.</summary>
    private sealed class CompanyNames(IReadOnlyDictionary<string, Guid> stored)
    {
        private readonly Dictionary<string, Guid> made = [];

        public List<(Guid Id, CompanyFields Fields)> New { get; } = [];

        public Guid? For(string? typed)
        {
            if (DirectoryRules.Clean(typed) is not { } name)
            {
                return null;
            }
            var key = SearchKeys.Fold(name);
            if (stored.TryGetValue(key, out var id) || made.TryGetValue(key, out id))
            {
                return id;
            }
            id = Guid.CreateVersion7();
            made[key] = id;
            New.Add((id, new CompanyFields(name, null, null, null, null, null, "{}", new Channels.Set([], [], []))));
            return id;
        }
    }
}
