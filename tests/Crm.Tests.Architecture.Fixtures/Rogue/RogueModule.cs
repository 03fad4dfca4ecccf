using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Crm.Modules.Deals;
using Crm.Modules.Identity.Contracts;

namespace Crm.Modules.Rogue;

/// <summary>A module that breaks the rules on purpose; only its module class may be public.</summary>
public sealed class RogueModule : IModule
{
    public string Name => "Rogue";

    public string Schema => "rogue";
}

/// <summary>Violation: reaches into the Deals implementation instead of listening to its events.</summary>
internal static class DealsShortcut
{
    public static string DealsSchema() => new DealsModule().Schema;
}

/// <summary>Allowed: listening to another module's Contracts is how modules talk.</summary>
internal sealed class OnUserCreated : IIntegrationEventHandler<UserCreated>
{
    public ValueTask Handle(UserCreated integrationEvent, CancellationToken ct) => ValueTask.CompletedTask;
}

/// <summary>Violation: a public helper widens the module's surface beyond its IModule.</summary>
public static class RogueFormatting
{
    public static string Title(string name) => name.Trim();
}
