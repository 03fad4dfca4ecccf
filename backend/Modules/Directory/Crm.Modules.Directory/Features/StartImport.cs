using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Jobs;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Directory.Common;
using Crm.Modules.Directory.Jobs;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Directory.Features;

/// <summary>
/// A user starts an import of companies or contacts: the file is checked (readable, the mapping fits it,
/// the required field mapped), kept with the mapping and the duplicates mode in directory.imports, and the
/// mapping remembered as the user's for this list; the worker (ImportRunner) saves the rows in the
/// background. The answer (202) names the import to follow with GET /api/directory/imports/{id}.
/// </summary>
internal static class StartImport
{
    public sealed record Command(ImportUpload Upload) : ICommand<ImportStarted>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, TimeProvider clock, WorkSignal<ImportRunner> signal) : ICommandHandler<Command, ImportStarted>
    {
        public async ValueTask<ImportStarted> Handle(Command command, CancellationToken ct)
        {
            var upload = command.Upload;
            var duplicates = upload.Duplicates ?? ImportRows.Skip;
            if (!ImportRows.Modes.Contains(duplicates))
            {
                throw new FieldValidationException("duplicates", T.Pick("Дубли: skip, update или create", "Duplicates must be skip, update or create"));
            }
            var mapping = upload.Mapping ?? throw new FieldValidationException("mapping", T.Pick("Сопоставьте столбцы с полями", "Map the columns to fields"));
            var file = TableFile.Open(upload.Content, upload.Encoding);
            var (_, error) = ImportMapping.Resolve(ImportRows.FieldsOf(upload.List), file.Headers, mapping);
            if (error is not null)
            {
                throw new FieldValidationException("mapping", error);
            }
            var total = file.Rows().Count();
            if (total == 0)
            {
                throw new FieldValidationException("file", T.Pick("В файле нет строк после заголовка", "The file has no rows after its header"));
            }
            var conn = await db.ConnectionAsync(ct);
            var id = Guid.CreateVersion7();
            var now = clock.GetUtcNow();
            var json = ImportMapping.ToJson(mapping);
            await conn.ExecuteAsync(
                """
                insert into directory.imports (id, list, file_name, content, encoding, mapping, duplicates, status, total_rows,
                    created_by, supervisor, created_at, updated_at)
                values (@id, @List, @FileName, @Content, @Encoding, @json::jsonb, @duplicates, 'queued', @total,
                    @UserId, @Supervisor, @now, @now);
                insert into directory.import_mappings (user_id, list, mapping, updated_at) values (@UserId, @List, @json::jsonb, @now)
                on conflict (user_id, list) do update set mapping = excluded.mapping, updated_at = excluded.updated_at;
                """,
                new
                {
                    id, upload.List, upload.FileName, upload.Content, upload.Encoding, json, duplicates, total,
                    UserId = currentUser.Id, Supervisor = currentUser.IsSupervisor, now,
                });
            db.AfterCommit(() =>
            {
                signal.Poke();
                return ValueTask.CompletedTask;
            });
            return new ImportStarted(id, total);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapStartImport("directory", async (request, ct) => new Command(await ImportUpload.ReadAsync(request, ct)))
                .WithName(nameof(StartImport))
                .WithTags("Directory")
                .WithSummary("Start an import of companies or contacts (multipart: file, table, mapping, duplicates=skip|update|create, encoding?)");
    }
}
