using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Localization;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// Downloads an attachment of one of a request's mails, when its content was kept. Always as a download of
/// opaque bytes (never shown in the page: a client's file is not the app's content), under its own name.
/// </summary>
internal static class GetRequestAttachment
{
    public sealed record Query(Guid RequestId, Guid AttachmentId) : IQuery<File>;

    public sealed record File(string FileName, byte[] Content);

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, File>
    {
        public async ValueTask<File> Handle(Query query, CancellationToken ct)
        {
            var file = await (await db.ConnectionAsync(ct)).QuerySingleOrDefaultAsync<File>(new CommandDefinition(
                """
                select a.file_name as FileName, a.content as Content
                from inbox.mail_attachments a join inbox.mails m on m.id = a.mail_id
                where a.id = @AttachmentId and m.request_id = @RequestId and a.content is not null
                """,
                query,
                cancellationToken: ct));
            return file ?? throw new NotFoundException(T.Pick(
                "Вложение не найдено или не сохранено (оно было больше предела)", "Attachment not found or not kept (it was over the limit)"));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/inbox/requests/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, ISender sender, CancellationToken ct) =>
                {
                    var file = await sender.Send(new Query(id, attachmentId), ct);
                    return Results.File(file.Content, "application/octet-stream", file.FileName);
                })
                .WithName(nameof(GetRequestAttachment))
                .WithTags("Inbox")
                .WithSummary("Download an attachment of a request's mail")
                .Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream")
                .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
