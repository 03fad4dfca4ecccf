using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Identity.Users;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>The user's own language, time zone and reminder lead time.</summary>
internal static class UpdateMySettings
{
    public static readonly string[] Languages = ["ru", "en"];

    public sealed record Settings(string Language, string TimeZone, int ReminderLeadMinutes);

    public sealed record Command(string Language, string TimeZone, int ReminderLeadMinutes) : ICommand<Settings>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Language).Must(l => Languages.Contains(l))
                .WithMessage(_ => T.Pick("Язык: ru или en", "Language must be ru or en"));
            RuleFor(c => c.TimeZone).Must(IsTimeZone)
                .WithMessage(_ => T.Pick("Неизвестный часовой пояс", "Unknown time zone"));
            RuleFor(c => c.ReminderLeadMinutes).InclusiveBetween(0, 1440)
                .WithMessage(_ => T.Pick("Напоминание: от 0 до 1440 минут до срока", "Reminder lead time must be 0 to 1440 minutes"));
        }

        private static bool IsTimeZone(string? id) =>
            !string.IsNullOrWhiteSpace(id) && id.Length <= 100 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, IEventPublisher events, TimeProvider clock)
        : ICommandHandler<Command, Settings>
    {
        public async ValueTask<Settings> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            await conn.ExecuteAsync(
                """
                update identity.users
                set language = @Language, time_zone = @TimeZone, reminder_lead_minutes = @ReminderLeadMinutes,
                    updated_at = @Now, version = version + 1
                where id = @Id
                """,
                new { command.Language, command.TimeZone, command.ReminderLeadMinutes, Now = clock.GetUtcNow(), currentUser.Id });
            await events.PublishAsync(new UserSettingsChanged(await UserStates.ReadAsync(conn, currentUser.Id)), ct);
            return new Settings(command.Language, command.TimeZone, command.ReminderLeadMinutes);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/identity/me/settings", async (Command command, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(command, ct)))
                .WithName(nameof(UpdateMySettings))
                .WithTags("Identity")
                .WithSummary("Change my language, time zone and reminder lead time")
                .Produces<Settings>()
                .ProducesValidationProblem();
    }
}
