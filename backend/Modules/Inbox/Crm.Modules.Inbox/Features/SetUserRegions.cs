using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Inbox.Common;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Inbox.Features;

/// <summary>
/// An admin sets the regions a user covers (the whole list; empty: none). Regions that fold to the same
/// key («Свердловская область», «свердловская обл.») are one. The user must be active (400).
/// </summary>
internal static class SetUserRegions
{
    public const int MaxRegions = 50;

    public sealed record Body(IReadOnlyList<string?>? Regions);

    public sealed record Command(Guid UserId, IReadOnlyList<string?>? Regions) : ICommand<ListRegions.UserRegions>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Regions)
                .NotNull().WithMessage(_ => T.Pick("Укажите регионы (пустой список — ни одного)", "Give the regions (an empty list for none)"))
                .Must(r => r is null || r.Count <= MaxRegions)
                .WithMessage(_ => T.Pick($"Не больше {MaxRegions} регионов", $"At most {MaxRegions} regions"));
            RuleForEach(c => c.Regions)
                .Must(r => !string.IsNullOrWhiteSpace(r) && RegionKeys.Of(r).Length > 0)
                .WithMessage(_ => T.Pick("Введите название региона", "Enter a region's name"))
                .MaxText(RequestRules.RegionMaxLength);
        }
    }

    internal sealed class Handler(DbSession db, EventCatchUp catchUp) : ICommandHandler<Command, ListRegions.UserRegions>
    {
        public async ValueTask<ListRegions.UserRegions> Handle(Command command, CancellationToken ct)
        {
            var conn = await db.ConnectionAsync(ct);
            const string UserSql = "select display_name from inbox.users where id = @UserId and active";
            var name = await conn.QuerySingleOrDefaultAsync<string>(UserSql, command);
            if (name is null)
            {
                // A user the admin added a moment ago: wait for Inbox's copy (read-your-writes).
                await catchUp.WaitAsync(InboxModule.ModuleName, command.UserId, ct);
                name = await conn.QuerySingleOrDefaultAsync<string>(UserSql, command)
                    ?? throw new FieldValidationException("userId", T.Pick("Нет такого активного пользователя", "There is no such active user"));
            }
            var regions = command.Regions!
                .Select(r => r!.Trim())
                .DistinctBy(RegionKeys.Of)
                .ToList();
            await conn.ExecuteAsync(
                """
                delete from inbox.user_regions where user_id = @UserId;
                insert into inbox.user_regions (user_id, key, region) select @UserId, k, r from unnest(@Keys, @Regions) as t (k, r);
                """,
                new { command.UserId, Keys = regions.Select(RegionKeys.Of).ToArray(), Regions = regions.ToArray() });
            return new ListRegions.UserRegions(command.UserId, name, regions.Order(StringComparer.Ordinal).ToList());
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/inbox/regions/{userId:guid}", async (Guid userId, Body body, ISender sender, CancellationToken ct) =>
                    Results.Ok(await sender.Send(new Command(userId, body.Regions), ct)))
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(SetUserRegions))
                .WithTags("Inbox")
                .WithSummary("Set the regions a user covers (admins)")
                .Produces<ListRegions.UserRegions>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
