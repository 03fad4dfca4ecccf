using System.Globalization;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Jobs;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Tables;
using Crm.Modules.Deals.Common;
using Crm.Modules.Deals.Jobs;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Deals.Features;

/// <summary>
/// A user starts an import of deals into a pipeline: the file is checked (readable, the mapping fits it, a column
/// mapped), kept with the mapping in deals.imports, and the mapping remembered as the user's; the worker
/// (<see cref="DealImportRunner"/>) creates the deals in the background, in the user's language (of the refusals'
/// reasons). The answer (202) names the import to follow with GET /api/deals/imports/{id}.
/// </summary>
internal static class StartDealImport
{
    public sealed record Command(TableUpload Upload, Guid PipelineId) : ICommand<ImportStarted>;

    internal sealed class Handler(DbSession db, CurrentUser currentUser, TimeProvider clock, WorkSignal<DealImportRunner> signal)
        : ICommandHandler<Command, ImportStarted>
    {
        public async ValueTask<ImportStarted> Handle(Command command, CancellationToken ct)
        {
            var upload = command.Upload;
            var mapping = upload.Mapping ?? throw new FieldValidationException("mapping", T.Pick("Сопоставьте столбцы с полями", "Map the columns to fields"));
            var file = TableFile.Open(upload.Content, upload.Encoding);
            var conn = await db.ConnectionAsync(ct);
            var catalog = await DealImportRows.Catalog.LoadAsync(conn, lockStages: false);
            if (catalog.PipelineRefusal(command.PipelineId) is { } refusal)
            {
                throw new FieldValidationException("pipelineId", refusal);
            }
            var (columns, error) = ImportMapping.Resolve(catalog.AllFields, file.Headers, mapping);
            if (error is not null || columns!.Count == 0)
            {
                throw new FieldValidationException("mapping", error ?? T.Pick("Сопоставьте столбцы с полями", "Map the columns to fields"));
            }
            var total = file.Rows().Count();
            if (total == 0)
            {
                throw new FieldValidationException("file", T.Pick("В файле нет строк после заголовка", "The file has no rows after its header"));
            }
            var id = Guid.CreateVersion7();
            var now = clock.GetUtcNow();
            var json = ImportMapping.ToJson(mapping);
            await conn.ExecuteAsync(
                """
                insert into deals.imports (id, pipeline_id, file_name, content, encoding, mapping, status, total_rows,
                    created_by, supervisor, language, created_at, updated_at)
                values (@id, @PipelineId, @FileName, @Content, @Encoding, @json::jsonb, 'queued', @total,
                    @UserId, @Supervisor, @Language, @now, @now);
                insert into deals.import_mappings (user_id, mapping, updated_at) values (@UserId, @json::jsonb, @now)
                on conflict (user_id) do update set mapping = excluded.mapping, updated_at = excluded.updated_at;
                """,
                new
                {
                    id, command.PipelineId, upload.FileName, upload.Content, upload.Encoding, json, total,
                    UserId = currentUser.Id, Supervisor = currentUser.IsSupervisor, Language = CultureInfo.CurrentUICulture.Name, now,
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
            app.MapStartImport("deals", async (request, ct) =>
                {
                    var (upload, pipelineId) = await DealImports.ReadAsync(request, ct);
                    return new Command(upload, pipelineId);
                })
                .WithName(nameof(StartDealImport))
                .WithTags("Deals")
                .WithSummary("Start an import of deals (multipart: file, pipelineId, mapping, encoding?)");
    }
}
