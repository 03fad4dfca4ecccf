using System.Runtime.CompilerServices;
using System.Text.Json;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Tables;
using Crm.BuildingBlocks.Text;
using Crm.Modules.Directory.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// A user downloads «Списки» as they see them: every company or contact the list's search, company, ready
/// filter and column filters select (the same conditions as ListCompanies/ListContacts, built by <see cref="RecordTable"/>),
/// in the list's sort, as CSV or xlsx. Read in keyset batches on the sort's <c>(key, id)</c> index and
/// written as they come (TableExport); all phones and e-mails of a record, the responsible by name.
/// </summary>
internal static class ExportLists
{
    public const int BatchSize = 2000;

    /// <param name="Filters">The list's <c>f.&lt;column&gt;</c> column filters, by column (docs/directory-api.md, "The tables").</param>
    public sealed record Query(
        string Table, string? Q, Guid? CompanyId, string? Sort, string? Filter, IReadOnlyDictionary<string, string> Filters, ExportOptions Options)
        : IQuery<ExportPlan>;


    private sealed record Field(Guid Id, string Name, string Type);

    /// <summary>A record as the export reads it; <c>KeyValue</c> is its sort key, where the next batch starts.</summary>
    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string? Position { get; init; }
        public string? CompanyName { get; init; }
        public string? Website { get; init; }
        public string? Address { get; init; }
        public string? Region { get; init; }
        public string? TaxId { get; init; }
        public string? Notes { get; init; }
        public string? Responsible { get; init; }
        public string Custom { get; init; } = "{}";
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public string[]? Phones { get; init; }
        public string[]? Emails { get; init; }
        public int OpenDealCount { get; init; }
        public int OpenTaskCount { get; init; }
        public object KeyValue { get; init; } = "";
    }

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, ExportPlan>
    {
        public async ValueTask<ExportPlan> Handle(Query query, CancellationToken ct)
        {
            var companies = query.Table switch
            {
                "companies" => true,
                "contacts" => false,
                _ => throw new FieldValidationException("table", T.Pick("Таблица: companies или contacts", "Table must be companies or contacts")),
            };
            var key = Listing.Key(query.Sort, companies ? "name" : "fullName")
                ?? throw new FieldValidationException("sort", T.Pick("Нельзя сортировать по этому столбцу", "Cannot sort by this column"));
            var conn = await db.ConnectionAsync(ct);
            // The list's own conditions (RecordTable): the search, the company, the ready filter and the f.<column> filters.
            var (filter, args) = companies
                ? await RecordTable.CompaniesWhereAsync(conn, query.Q, ReadyFilter(query.Filter, ListCompanies.WithoutDealsAndTasks), query.Filters, ct)
                : await RecordTable.ContactsWhereAsync(
                    conn, query.Q, query.CompanyId, ReadyFilter(query.Filter, ListContacts.WithoutTasks), query.Filters, ct);
            var fields = (await conn.QueryAsync<Field>(
                "select id as Id, name as Name, type as Type from directory.custom_fields where entity = @Entity order by position, id",
                new { Entity = companies ? Entities.Company : Entities.Contact })).ToList();
            var columns = query.Options.Pick(Available(companies, fields));
            // Whitelisted SQL only: the sort's key from Listing, the conditions' text from RecordTable (values are parameters).
            string Sql(string keyset) => (companies ? CompaniesSql : ContactsSql)
                .Replace("{filter}", filter, StringComparison.Ordinal)
                .Replace("{keyset}", keyset, StringComparison.Ordinal)
                .Replace("{key}", key.Sql, StringComparison.Ordinal)
                .Replace("{orderBy}", key.OrderBy, StringComparison.Ordinal);
            var first = Sql("");
            var next = Sql($"and ({{key}}, c.id) {(key.Descending ? "<" : ">")} (@AfterKey::{key.Type}, @AfterId)");
            return new ExportPlan(columns, RowsAsync(conn, companies ? Entities.Company : Entities.Contact, first, next, args, columns, fields, ct));
        }

        private static bool ReadyFilter(string? filter, string known) =>
            filter is null ? false
            : filter == known ? true
            : throw new FieldValidationException("filter", T.Pick($"Фильтр: {known}", $"The filter is {known}"));

        private static async IAsyncEnumerable<object?[]> RowsAsync(
            NpgsqlConnection conn, string entity, string first, string next, DynamicParameters args, IReadOnlyList<ExportColumn> columns,
            List<Field> fields, [EnumeratorCancellation] CancellationToken ct)
        {
            var types = fields.ToDictionary(f => $"cf.{f.Id}", f => f.Type);
            var withTags = columns.Any(c => c.Key == "tags");
            args.Add("Batch", BatchSize);
            Row? last = null;
            while (true)
            {
                if (last is not null)
                {
                    args.Add("AfterKey", last.KeyValue);
                    args.Add("AfterId", last.Id);
                }
                var rows = (await conn.QueryAsync<Row>(new CommandDefinition(last is null ? first : next, args, cancellationToken: ct))).ToList();
                var tags = withTags ? await RecordTags.OfAsync(conn, entity, rows.Select(r => r.Id).ToList()) : [];
                foreach (var row in rows)
                {
                    var custom = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(row.Custom) ?? [];
                    var cells = new object?[columns.Count];
                    for (var i = 0; i < columns.Count; i++)
                    {
                        var column = columns[i].Key;
                        cells[i] = column switch
                        {
                            "name" or "fullName" => row.Name,
                            "position" => row.Position,
                            "company" => row.CompanyName,
                            "phones" => row.Phones is null ? null : string.Join(", ", row.Phones.Select(Phones.Display)),
                            "emails" => row.Emails is null ? null : string.Join(", ", row.Emails),
                            "website" => row.Website,
                            "address" => row.Address,
                            "region" => row.Region,
                            "taxId" => row.TaxId,
                            "notes" => row.Notes,
                            "responsible" => row.Responsible,
                            "openDeals" => row.OpenDealCount,
                            "openTasks" => row.OpenTaskCount,
                            "tags" => Tags.Cell(tags, row.Id),
                            "createdAt" => new DateTimeOffset(row.CreatedAt, TimeSpan.Zero),
                            "updatedAt" => new DateTimeOffset(row.UpdatedAt, TimeSpan.Zero),
                            _ => custom.TryGetValue(column[3..], out var value) ? CustomFieldCells.Cell(types[column], value) : null,
                        };
                    }
                    yield return cells;
                }
                if (rows.Count < BatchSize)
                {
                    yield break;
                }
                last = rows[^1];
            }
        }
    }

    private const string CompaniesSql = """
        select c.id as Id, c.name as Name, null as Position, null as CompanyName, c.website as Website, c.address as Address,
            c.region as Region, c.tax_id as TaxId, c.notes as Notes, u.name as Responsible, c.custom::text as Custom,
            c.created_at as CreatedAt, c.updated_at as UpdatedAt,
            (select array_agg(p.number order by p.position) from directory.company_phones p where p.company_id = c.id) as Phones,
            (select array_agg(e.address order by e.position) from directory.company_emails e where e.company_id = c.id) as Emails,
            coalesce(f.open_deal_count, 0) as OpenDealCount, coalesce(f.open_task_count, 0) as OpenTaskCount, {key} as KeyValue
        from directory.companies c
        left join directory.company_facts f on f.company_id = c.id
        left join directory.users u on u.id = c.responsible_id
        where c.deleted_at is null{filter} {keyset}
        order by {orderBy}
        limit @Batch
        """;

    private const string ContactsSql = """
        select c.id as Id, c.full_name as Name, c.position as Position, co.name as CompanyName, null as Website, null as Address,
            null as Region, null as TaxId, null as Notes, u.name as Responsible, c.custom::text as Custom,
            c.created_at as CreatedAt, c.updated_at as UpdatedAt,
            (select array_agg(p.number order by p.position) from directory.contact_phones p where p.contact_id = c.id) as Phones,
            (select array_agg(e.address order by e.position) from directory.contact_emails e where e.contact_id = c.id) as Emails,
            0 as OpenDealCount, coalesce(f.open_task_count, 0) as OpenTaskCount, {key} as KeyValue
        from directory.contacts c
        left join directory.companies co on co.id = c.company_id
        left join directory.contact_facts f on f.contact_id = c.id
        left join directory.users u on u.id = c.responsible_id
        where c.deleted_at is null{filter} {keyset}
        order by {orderBy}
        limit @Batch
        """;

    private static List<ExportColumn> Available(bool companies, IEnumerable<Field> fields) => companies
        ?
        [
            new("name", T.Pick("Название", "Name")),
            new("phones", T.Pick("Телефоны", "Phones")),
            new("emails", T.Pick("E-mail", "E-mails")),
            new("website", T.Pick("Сайт", "Website")),
            new("address", T.Pick("Адрес", "Address")),
            new("region", T.Pick("Регион", "Region")),
            new("taxId", T.Pick("ИНН", "Tax id")),
            new("notes", T.Pick("Примечания", "Notes")),
            new("responsible", T.Pick("Ответственный", "Responsible")),
            new("openDeals", T.Pick("Открытых сделок", "Open deals")),
            new("openTasks", T.Pick("Открытых задач", "Open tasks")),
            new("tags", T.Pick("Теги", "Tags")),
            new("createdAt", T.Pick("Создана", "Created")),
            new("updatedAt", T.Pick("Изменена", "Updated")),
            .. fields.Select(f => new ExportColumn($"cf.{f.Id}", f.Name)),
        ]
        :
        [
            new("fullName", T.Pick("Имя", "Full name")),
            new("position", T.Pick("Должность", "Position")),
            new("company", T.Pick("Компания", "Company")),
            new("phones", T.Pick("Телефоны", "Phones")),
            new("emails", T.Pick("E-mail", "E-mails")),
            new("responsible", T.Pick("Ответственный", "Responsible")),
            new("openTasks", T.Pick("Открытых задач", "Open tasks")),
            new("tags", T.Pick("Теги", "Tags")),
            new("createdAt", T.Pick("Создан", "Created")),
            new("updatedAt", T.Pick("Изменён", "Updated")),
            .. fields.Select(f => new ExportColumn($"cf.{f.Id}", f.Name)),
        ];

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/directory/export",
                    async (string? table, string? q, Guid? companyId, string? sort, string? filter, string? format, string? delimiter, string? tz,
                        string? cols, HttpRequest request, ISender sender, TimeProvider clock, CancellationToken ct) =>
                    {
                        var options = ExportOptions.Parse(format, delimiter, tz, cols);
                        var plan = await sender.Send(new Query(table ?? "", q, companyId, sort, filter, ColumnFilters.Of(request.Query), options), ct);
                        var name = table == "companies" ? T.Pick("компании", "companies") : T.Pick("контакты", "contacts");
                        return TableExport.File(options, plan.Columns, name, clock.GetUtcNow(), plan.Rows, ct);
                    })
                .WithName(nameof(ExportLists))
                .WithTags("Directory")
                .WithSummary("«Списки» as a file (CSV or xlsx): every company or contact the list's search and filter select, streamed")
                .WithDescription("table=companies|contacts and the list's q, companyId (contacts), sort, filter, f.<column> filters; format=csv|xlsx, delimiter=comma|semicolon, tz, cols. See docs/directory-api.md, \"Export\".")
                .Produces(StatusCodes.Status200OK, contentType: TableExport.CsvType)
                .ProducesValidationProblem();
    }
}
