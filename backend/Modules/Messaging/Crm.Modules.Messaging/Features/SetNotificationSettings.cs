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

/// <summary>The caller turns kinds of notifications on or off (<c>{ kinds: { mention: false } }</c>); kinds left out stay as they were.</summary>
internal static class SetNotificationSettings
{
    public sealed record Command(IReadOnlyDictionary<string, bool>? Kinds) : ICommand<GetNotificationSettings.Settings>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Kinds).NotNull().WithMessage(_ => T.Pick("Укажите виды уведомлений", "Give the kinds of notifications"));
            RuleForEach(c => c.Kinds).Must(k => NotificationKinds.All.Contains(k.Key))
                .WithMessage((_, k) => T.Pick($"Нет такого вида уведомлений: {k.Key}", $"No such kind of notification: {k.Key}"))
                .OverridePropertyName("kinds");
        }
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : ICommandHandler<Command, GetNotificationSettings.Settings>
    {
        public async ValueTask<GetNotificationSettings.Settings> Handle(Command command, CancellationToken ct)
        {
            await (await db.ConnectionAsync(ct)).ExecuteAsync(new CommandDefinition(
                """
                insert into messaging.notification_settings (user_id, kind, enabled) values (@User, @Kind, @Enabled)
                on conflict (user_id, kind) do update set enabled = excluded.enabled
                """,
                command.Kinds!.Select(k => new { User = currentUser.Id, Kind = k.Key, Enabled = k.Value }),
                cancellationToken: ct));
            return await GetNotificationSettings.ReadAsync(db, currentUser.Id, ct);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/messaging/notifications/settings", async (Command command, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(command, ct)))
                .WithName(nameof(SetNotificationSettings))
                .WithTags("Messaging")
                .WithSummary("Turn kinds of notifications on or off")
                .Produces<GetNotificationSettings.Settings>()
                .ProducesValidationProblem();
    }
}
