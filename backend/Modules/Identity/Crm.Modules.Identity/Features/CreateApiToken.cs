using Carter;
using Crm.BuildingBlocks.Data;
using Crm.BuildingBlocks.Localization;
using Crm.BuildingBlocks.Security;
using Crm.BuildingBlocks.Web;
using Crm.Modules.Identity.Auth;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>A personal API token for scripts: returned once, kept only as a hash. At most AbuseLimits:ApiTokensPerHour per user.</summary>
internal static class CreateApiToken
{
    public sealed record Command(string Name) : ICommand<Response>;

    public sealed record Response(Guid Id, string Name, DateTimeOffset CreatedAt, string Token);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n) && n.Length <= 100)
                .WithMessage(_ => T.Pick("Название токена: от 1 до 100 символов", "Token name must be 1 to 100 characters"));
    }

    internal sealed class Handler(DbSession db, CurrentUser currentUser, TimeProvider clock) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken ct)
        {
            var token = ApiTokens.NewToken();
            var response = new Response(Guid.CreateVersion7(), command.Name.Trim(), clock.GetUtcNow(), token);
            var conn = await db.ConnectionAsync(ct);
            await conn.ExecuteAsync(
                "insert into identity.api_tokens (id, user_id, name, token_hash, created_at) values (@Id, @UserId, @Name, @Hash, @CreatedAt)",
                new { response.Id, UserId = currentUser.Id, response.Name, Hash = ApiTokens.HashOf(token), response.CreatedAt });
            return response;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/identity/me/tokens", async (Command command, ISender sender, CancellationToken ct) =>
                {
                    var response = await sender.Send(command, ct);
                    return Results.Created($"/api/identity/me/tokens/{response.Id}", response);
                })
                .RequireAuthorization(Policies.BrowserSession)
                .RequireRateLimiting(AbuseLimits.ApiTokens)
                .WithName(nameof(CreateApiToken))
                .WithTags("Identity")
                .WithSummary("Create a personal API token (shown once)")
                .Produces<Response>(StatusCodes.Status201Created)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }
}
