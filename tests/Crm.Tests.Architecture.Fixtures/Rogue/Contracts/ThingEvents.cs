using Crm.BuildingBlocks.Abstractions;
using Crm.BuildingBlocks.Security;
using Crm.Modules.Identity.Contracts;

namespace Crm.Modules.Rogue.Contracts;

/// <summary>Allowed: a sealed record in the past tense.</summary>
public sealed record ThingCreated(Guid ThingId) : IntegrationEvent
{
    public override AggregateVersion Aggregate => new(ThingId, 0);
}

/// <summary>Allowed: the state of a thing, which its events carry.</summary>
public sealed record ThingState(Guid ThingId, string Name, int Version);

/// <summary>Allowed: an event carrying the state, naming its aggregate and version, a state event of it.</summary>
public sealed record ThingRenamed(ThingState Thing) : IntegrationEvent, IStateEvent<ThingState>
{
    ThingState IStateEvent<ThingState>.State => Thing;

    public override AggregateVersion Aggregate => new(Thing.ThingId, Thing.Version);
}

/// <summary>Violation: carries the state but is no IStateEvent of it, so copies kept by state would miss it.</summary>
public sealed record ThingRecoloured(ThingState Thing, string Colour) : IntegrationEvent
{
    public override AggregateVersion Aggregate => new(Thing.ThingId, Thing.Version);
}

/// <summary>Allowed: a notice (a moment, not a change) carrying the current state.</summary>
[Notice]
public sealed record ThingReminderSent(ThingState Thing) : IntegrationEvent
{
    public override AggregateVersion Aggregate => new(Thing.ThingId, Thing.Version);
}

/// <summary>Violation: a state others could derive from, and an event at that.</summary>
public record ThingOwnerState(Guid ThingId) : IntegrationEvent
{
    public override AggregateVersion Aggregate => new(ThingId, 0);
}

/// <summary>Allowed: an irregular past participle.</summary>
public sealed record ThingSent(Guid ThingId, string To) : IntegrationEvent
{
    public override AggregateVersion Aggregate => new(ThingId, 0);
}

/// <summary>Violation: named like a command, not a fact.</summary>
public sealed record CreateThing(string Name) : IntegrationEvent
{
    public override AggregateVersion Aggregate => new(Guid.Empty, 0);
}

/// <summary>Violation: a record others could derive from.</summary>
public record ThingArchived(Guid ThingId) : IntegrationEvent
{
    public override AggregateVersion Aggregate => new(ThingId, 0);
}

/// <summary>Violation: a sealed record that is no integration event.</summary>
public sealed record ThingMoved(Guid ThingId);

/// <summary>Violation: a plain class, neither sealed nor a record nor an event.</summary>
public class ThingSnapshot
{
    public Guid ThingId { get; init; }
}

/// <summary>Violation: carries a building-block service, so subscribers would depend on Crm.BuildingBlocks.</summary>
public sealed record ThingRejected(Guid ThingId, CurrentUser RejectedBy) : IntegrationEvent
{
    public override AggregateVersion Aggregate => new(ThingId, 0);
}

/// <summary>Violation: embeds another module's event instead of copying the facts it needs.</summary>
public sealed record ThingOwnerChanged(Guid ThingId, UserCreated Owner) : IntegrationEvent
{
    public override AggregateVersion Aggregate => new(ThingId, 0);
}

/// <summary>Allowed: a vocabulary of the values the events carry, constants only.</summary>
public static class ThingColours
{
    public const string Red = "red";
    public const string Blue = "blue";
}

/// <summary>Violation: a static class with behaviour is no vocabulary.</summary>
public static class ThingHelpers
{
    public static string Describe(Guid thingId) => $"thing {thingId}";
}
