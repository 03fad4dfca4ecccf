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

    /// <summary>
    /// Subscribes <typeparamref name="THandler"/> to every event that carries a <typeparamref name="TState"/>
    /// (the event types of the state's contracts assembly that implement <see cref="IStateEvent{TState}"/>),
    /// as one handler: it sees one record's events of all those types in commit order.
    /// </summary>
    public EventSubscriptions OnStateOf<TState, THandler>()
        where THandler : class, IStateHandler<TState>
    {
        var eventTypes = StateEventTypes<TState>();
        if (eventTypes.Length == 0)
        {
            throw new InvalidOperationException($"No event in {typeof(TState).Assembly.GetName().Name} carries {typeof(TState).Name}.");
        }
        services.TryAddScoped<THandler>();
        foreach (var eventType in eventTypes)
        {
            subscriptions.Add(new EventSubscription(
                eventType,
                typeof(THandler),
                $"{module}.{typeof(THandler).Name}",
                (provider, e, ct) => provider.GetRequiredService<THandler>().Handle(((IStateEvent<TState>)e).State, e, ct)));
        }
        return this;
    }

    /// <summary>The concrete events of <typeparamref name="TState"/>'s assembly that carry it.</summary>
    public static Type[] StateEventTypes<TState>() =>
        [.. typeof(TState).Assembly.GetExportedTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true }
                && typeof(IntegrationEvent).IsAssignableFrom(t)
                && typeof(IStateEvent<TState>).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)];
}

/// <summary>The subscriptions of all modules, looked up by event type name and by handler name.</summary>
public sealed class EventRegistry
{
    private readonly Dictionary<string, string[]> handlersByEvent;
    private readonly Dictionary<(string Handler, string Event), EventSubscription> byHandlerAndEvent;
    private readonly Dictionary<Type, string> namesByHandlerType;
    private readonly HashSet<string> oneBatchAtATime;

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
        handlersByEvent = all.GroupBy(s => NameOf(s.EventType)).ToDictionary(g => g.Key, g => g.Select(s => s.HandlerName).ToArray());
        byHandlerAndEvent = all.ToDictionary(s => (s.HandlerName, NameOf(s.EventType)));
        namesByHandlerType = all.GroupBy(s => s.HandlerType).ToDictionary(g => g.Key, g => g.First().HandlerName);
        HandlerNames = [.. namesByHandlerType.Values.Order(StringComparer.Ordinal)];
        oneBatchAtATime = namesByHandlerType
            .Where(h => h.Key.IsDefined(typeof(OneBatchAtATimeAttribute), inherit: false))
            .Select(h => h.Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether the handler's batches run one at a time across instances (<see cref="OneBatchAtATimeAttribute"/>).</summary>
    public bool TakesOneBatchAtATime(string handlerName) => oneBatchAtATime.Contains(handlerName);

    /// <summary>Every handler (lane) of this build.</summary>
    public IReadOnlyList<string> HandlerNames { get; }

    /// <summary>How an event type is stored in the outbox: its CLR full name, part of the contract.</summary>
    public static string NameOf(Type eventType) => eventType.FullName!;

    /// <summary>The handlers that get a delivery of an event of this type (none: the event is only kept).</summary>
    public string[] HandlersOf(string eventName) => handlersByEvent.GetValueOrDefault(eventName) ?? [];

    /// <summary>The subscription of a handler to an event type, or null when this build has none (renamed, removed).</summary>
    public EventSubscription? Find(string handlerName, string eventName) => byHandlerAndEvent.GetValueOrDefault((handlerName, eventName));

    public bool IsHandler(string handlerName) => HandlerNames.Contains(handlerName, StringComparer.Ordinal);

    /// <summary>The handler type of a lane, or null when this build has no such handler.</summary>
    public Type? TypeOfHandler(string handlerName) =>
        namesByHandlerType.FirstOrDefault(h => h.Value == handlerName).Key;

    /// <summary>The lane name of a handler type ("Module.HandlerType").</summary>
    public string NameOfHandler(Type handlerType) =>
        namesByHandlerType.GetValueOrDefault(handlerType) ?? throw new InvalidOperationException($"{handlerType.Name} subscribes to nothing.");
}
