using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Crm.Modules.Inbox.Common;
using Crm.Modules.Inbox.Contracts;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// Requests of one status (new by default: «Неразобранное»), of one pipeline or all, newest first, a
/// page at a time (keyset: <c>after</c> is the last page's <c>nextCursor</c>), with how many there are
/// in all (the column's count). Every user sees every request.
/// </summary>
internal static class ListRequests
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public sealed record Query(string? Status, Guid? PipelineId, string? After, int? Limit) : IQuery<Response>;

    public sealed record Response(IReadOnlyList<RequestResponse> Items, string? NextCursor, int? Total);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status)
                .Must(s => s is null or RequestStatuses.New or RequestStatuses.Accepted or RequestStatuses.Declined)
                .WithMessage(_ => T.Pick("Статус: new, accepted или declined", "Status: new, accepted or declined"));
            RuleFor(q => q.Limit)
                .InclusiveBetween(1, MaxLimit)
                .WithMessage(_ => T.Pick($"От 1 до {MaxLimit}", $"From 1 to {MaxLimit}"));
        }
    }

    internal sealed class Handler(DbSession db) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            var after = RequestCursor.Parse(query.After);
            var limit = query.Limit ?? DefaultLimit;
            var filter = new
            {
                Status = query.Status ?? RequestStatuses.New,
                query.PipelineId,
                AfterAt = after?.At,
                AfterId = after?.Id,
                Take = limit + 1,
            };
            var where = query.PipelineId is null ? "r.status = @Status" : "r.status = @Status and r.pipeline_id = @PipelineId";
            var rows = (await conn.QueryAsync<RequestRow>(new CommandDefinition(
                $"""
                select {RequestRow.Columns} from inbox.requests r
                where {where} {(after is null ? "" : "and (r.received_at, r.id) < (@AfterAt, @AfterId)")}
                order by r.received_at desc, r.id desc
                limit @Take
                """,
                filter,
                cancellationToken: ct))).AsList();
            // Counted on the first page only: the header's count does not change as the list scrolls, and a count of
            // every declined request grows with the history.
            int? total = after is null
                ? await conn.ExecuteScalarAsync<int>(new CommandDefinition($"select count(*) from inbox.requests r where {where}", filter, cancellationToken: ct))
                : null;
            var page = rows.Take(limit).ToList();
            return new Response(
                page.Select(r => r.ToResponse()).ToList(),
                rows.Count > limit ? RequestCursor.Of(page[^1]) : null,
                total);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/inbox/requests", async (string? status, Guid? pipelineId, string? after, int? limit, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Query(status, pipelineId, after, limit), ct)))
                .WithName(nameof(ListRequests))
                .WithTags("Inbox")
                .WithSummary("Requests by status (new: «Неразобранное»), newest first, a page at a time")
                .Produces<Response>()
                .ProducesValidationProblem();
    }
}
