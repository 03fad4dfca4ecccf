using Crm.BuildingBlocks.Web;
using Carter;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Identity.Users;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Identity.Features;

/// <summary>The admin adds a colleague with a role and a first password.</summary>
internal static class CreateUser
{
    public sealed record Command(string Email, string DisplayName, string Role, string Password) : ICommand<UserResponse>, IHashesPasswords;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).ValidEmail();
            RuleFor(c => c.DisplayName).ValidDisplayName();
            RuleFor(c => c.Role).ValidRole();
            RuleFor(c => c.Password).ValidPassword(c => c.Email);
        }
    }

    internal sealed class Handler(NewUser newUser) : ICommandHandler<Command, UserResponse>
    {
        public async ValueTask<UserResponse> Handle(Command command, CancellationToken ct) =>
            await newUser.CreateAsync(command.Email, command.DisplayName, command.Role, command.Password, ct);
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/identity/users", async (Command command, ISender sender, CancellationToken ct) =>
                {
                    var user = await sender.Send(command, ct);
                    return Results.Created($"/api/identity/users/{user.Id}", user);
                })
                .RequireAuthorization(Policies.Admin)
                .WithName(nameof(CreateUser))
                .WithTags("Identity")
                .WithSummary("Create a user (admin)")
                .Produces<UserResponse>(StatusCodes.Status201Created)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
