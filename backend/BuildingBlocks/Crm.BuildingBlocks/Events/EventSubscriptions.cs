using Crm.BuildingBlocks.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.BuildingBlocks.Events;

/// <summary>
/// One handler of one event type. The handler is named "Module.HandlerType"; one handler may take
/// several event types (e.g. every deal event, to keep one copy), and then sees one aggregate's
/// events of all those types in commit order.
/// </summary>
public sealed record EventSubscription(
    Type EventType,
    Type HandlerType,
    string HandlerName,
    Func<IServiceProvider, IntegrationEvent, CancellationToken, ValueTask> Invoke);

/// <summary>Who listens to what; filled by each module's <c>Subscribe</c> at start-up.</summary>
public sealed class EventSubscriptions
{
    private readonly List<EventSubscription> subscriptions;
    private readonly IServiceCollection services;
    private readonly string module;

    internal EventSubscriptions(IServiceCollection services, string module, List<EventSubscription> shared)
    {
        this.services = services;
        this.module = module;
        subscriptions = shared;
    }

    public EventSubscriptions On<TEvent, THandler>()
        where TEvent : IntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        services.TryAddScoped<THandler>();
        subscriptions.Add(new EventSubscription(
            typeof(TEvent),
            typeof(THandler),
            $"{module}.{typeof(THandler).Name}",
            (provider, e, ct) => provider.GetRequiredService<THandler>().Handle((TEvent)e, ct)));
        return this;
    }
}

/// <summary>The subscriptions of all modules, looked up by event type name.</summary>
public sealed class EventRegistry
{
    private readonly Dictionary<string, Type> types;
    private readonly ILookup<string, EventSubscription> byEventName;

    public EventRegistry(IEnumerable<EventSubscription> subscriptions)
    {
        var all = subscriptions.ToList();
        var duplicate = all.GroupBy(s => (s.HandlerName, s.EventType)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"{duplicate.Key.HandlerName} subscribes to {duplicate.Key.EventType.Name} twice.");
        }
        var clash = all.GroupBy(s => s.HandlerName).FirstOrDefault(g => g.Select(s => s.HandlerType).Distinct().Count() > 1);
        if (clash is not null)
        {
            throw new InvalidOperationException($"Two handler types share the name {clash.Key}.");
        }
        types = all.Select(s => s.EventType).Distinct().ToDictionary(NameOf);
        byEventName = all.ToLookup(s => NameOf(s.EventType));
    }

    public static string NameOf(Type eventType) => eventType.FullName!;

    public IEnumerable<EventSubscription> SubscribersOf(string eventName) => byEventName[eventName];

    public Type? TypeOf(string eventName) => types.GetValueOrDefault(eventName);
}
