using Carter;
using Crm.Modules.Identity.Contracts;
using Crm.BuildingBlocks.Events;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Modules.Rogue.Features;

/// <summary>Violation: a public slice, so its nested validator, handler and endpoint are public too.</summary>
public static class CreateThing
{
    public sealed record Command(string Name) : ICommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Name).NotEmpty();
    }

    public sealed class Handler : ICommandHandler<Command, Guid>
    {
        public ValueTask<Guid> Handle(Command command, CancellationToken cancellationToken) => ValueTask.FromResult(Guid.NewGuid());
    }

    public sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/rogue/things", (Command command) => Results.Ok(command.Name));
    }
}

/// <summary>
/// Allowed: nested types declared public inside an internal class are effectively internal
/// (the shape our slices use, so Carter and the mediator can see them in the host).
/// </summary>
internal static class ArchiveThing
{
    public sealed record Command(Guid Id) : ICommand<Unit>;

    public sealed class Handler : ICommandHandler<Command, Unit>
    {
        public ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken) => ValueTask.FromResult(Unit.Value);
    }
}

/// <summary>Violation: a top-level public event handler.</summary>
public sealed class OnUserDeactivated : IIntegrationEventHandler<UserDeactivated>
{
    public ValueTask Handle(UserDeactivated integrationEvent, CancellationToken ct) => ValueTask.CompletedTask;
}
