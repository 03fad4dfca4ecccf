using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Messaging.Common;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Messaging.Features;

/// <summary>The caller marks some of their notifications read (<c>ids</c>), or all of them (<c>all: true</c>); others' are never touched.</summary>
internal static class ReadNotifications
{
    public const int MaxIds = 200;

    public sealed record Command(IReadOnlyList<Guid>? Ids, bool? All) : ICommand<Response>;

    public sealed record Response(int Unread);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Ids).Must((c, ids) => c.All == true || ids is { Count: > 0 })
                .WithMessage(_ => T.Pick("Укажите уведомления (ids) или all: true", "Give the notifications (ids) or all: true"));
            RuleFor(c => c.Ids).Must(ids => ids is null || ids.Count <= MaxIds)
                .WithMessage(_ => T.Pick($"Не больше {MaxIds} за раз", $"At most {MaxIds} at a time"));
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, Notifications notifications, TimeProvider clock)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken ct)
        {
            await (await db.ConnectionAsync(ct)).ExecuteAsync(new CommandDefinition(
                """
                update messaging.notifications set read_at = @Now
                where user_id = @User and read_at is null and (@All or id = any(@Ids))
                """,
                new { User = currentUser.Id, All = command.All == true, Ids = (command.Ids ?? []).ToArray(), Now = clock.GetUtcNow() },
                cancellationToken: ct));
            return new Response(await notifications.UnreadAsync(currentUser.Id, ct));
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/messaging/notifications/read", async (Command command, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(command, ct)))
                .WithName(nameof(ReadNotifications))
                .WithTags("Messaging")
                .WithSummary("Mark some or all of your notifications read")
                .Produces<Response>()
                .ProducesValidationProblem();
    }
}
