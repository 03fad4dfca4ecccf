using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Messaging.Common;
using Dapper;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Messaging.Features;

/// <summary>Which kinds of notifications the caller gets: every kind, on unless they turned it off.</summary>
internal static class GetNotificationSettings
{
    public sealed record Query : IQuery<Settings>;

    /// <summary>Each kind of <see cref="NotificationKinds"/> with whether it is on.</summary>
    public sealed record Settings(IReadOnlyDictionary<string, bool> Kinds);

    internal sealed class Handler(DbSession db, CurrentUser currentUser) : IQueryHandler<Query, Settings>
    {
        public async ValueTask<Settings> Handle(Query query, CancellationToken ct) => await ReadAsync(db, currentUser.Id, ct);
    }

    public static async Task<Settings> ReadAsync(DbSession db, Guid userId, CancellationToken ct)
    {
        var off = (await (await db.ConnectionAsync(ct)).QueryAsync<string>(new CommandDefinition(
            "select kind from messaging.notification_settings where user_id = @userId and not enabled", new { userId }, cancellationToken: ct))).ToHashSet();
        return new Settings(NotificationKinds.All.ToDictionary(k => k, k => !off.Contains(k)));
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/messaging/notifications/settings", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new Query(), ct)))
                .WithName(nameof(GetNotificationSettings))
                .WithTags("Messaging")
                .WithSummary("Which kinds of notifications you get")
                .Produces<Settings>();
    }
}
