using System.Data;
using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Errors;
using Crm.BuildingBlocks.Security;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>The signed-in user with their settings: what the app loads first.</summary>
internal static class GetMe
{
    public sealed record Query : IQuery<Response>;

    public sealed record Response(Guid Id, string Email, string DisplayName, string Role, UpdateMySettings.Settings Settings);

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken ct) =>
            await LoadAsync(await db.ConnectionAsync(ct), currentUser.Id)
            ?? throw new NotFoundException("User not found.");
    }

    public static async Task<Response?> LoadAsync(IDbConnection conn, Guid userId)
    {
        var row = await conn.QuerySingleOrDefaultAsync<Row>(
            """
            select id as Id, email as Email, display_name as DisplayName, role as Role,
                   language as Language, time_zone as TimeZone, reminder_lead_minutes as ReminderLeadMinutes
            from identity.users where id = @userId
            """,
            new { userId });
        return row is null
            ? null
            : new Response(row.Id, row.Email, row.DisplayName, row.Role,
                new UpdateMySettings.Settings(row.Language, row.TimeZone, row.ReminderLeadMinutes));
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/identity/me", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new Query(), ct)))
                .WithName(nameof(GetMe))
                .WithTags("Identity")
                .WithSummary("The signed-in user and their settings")
                .Produces<Response>()
                .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private sealed record Row(Guid Id, string Email, string DisplayName, string Role, string Language, string TimeZone, int ReminderLeadMinutes);
}
