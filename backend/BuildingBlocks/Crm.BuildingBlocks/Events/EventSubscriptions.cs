using Crm.BuildingBlocks.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.BuildingBlocks.Events;

/// <summary>One handler of one event type, named "Module.HandlerType" in the inbox.</summary>
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
        services.AddScoped<THandler>();
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
        var duplicate = all.GroupBy(s => s.HandlerName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two subscriptions share the handler name {duplicate.Key}.");
        }
        types = all.Select(s => s.EventType).Distinct().ToDictionary(NameOf);
        byEventName = all.ToLookup(s => NameOf(s.EventType));
    }

    public static string NameOf(Type eventType) => eventType.FullName!;

    public IEnumerable<EventSubscription> SubscribersOf(string eventName) => byEventName[eventName];

    public Type? TypeOf(string eventName) => types.GetValueOrDefault(eventName);
}
