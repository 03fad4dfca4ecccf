using System.Collections.Concurrent;
using System.Threading.Channels;
using DotNetCore.CAP;
using DotNetCore.CAP.Messages;
using DotNetCore.CAP.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bench.Cap;

/// <summary>
/// The smallest honest stand-in for a message broker, so that CAP runs on this machine: no
/// RabbitMQ, Kafka or other broker is here, and no broker-free CAP transport is served. It
/// plugs in through CAP's public transport extension points (<see cref="ITransport"/>,
/// <see cref="IConsumerClientFactory"/>, <see cref="IConsumerClient"/>) and behaves like a
/// RabbitMQ topic exchange with one queue per consumer group: a sent message is copied into
/// the queue of every group subscribed to its name; the consumers of one group compete for
/// that group's queue; a rejected message goes back into its queue.
/// <para>
/// <b>Benchmark only.</b> The queues live in the process's memory, so a message CAP has handed
/// to the transport (its published row already marked Succeeded) and that no consumer has yet
/// stored as received is lost if the process dies. A real broker keeps it. Production would
/// need a broker: a second container to deploy, run and watch next to the app, where ops now
/// deploy one. The transport costs next to nothing here (a channel write and read), so the
/// figures are CAP's own overhead (its storage and dispatch), a lower bound for CAP with a
/// real broker, which adds a network round trip on each side.
/// </para>
/// </summary>
internal sealed class InProcessBroker
{
    public static readonly BrokerAddress Address = new("InProcess", "memory");

    private readonly ConcurrentDictionary<string, Channel<TransportMessage>> queues = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> groupsByTopic = new();
    private int listening;

    /// <summary>The queue of <paramref name="group"/>, bound to <paramref name="topics"/> (created on first use, as a broker declares a queue).</summary>
    public ChannelReader<TransportMessage> Bind(string group, IEnumerable<string> topics)
    {
        foreach (var topic in topics)
        {
            groupsByTopic.GetOrAdd(topic, _ => new ConcurrentDictionary<string, byte>())[group] = 0;
        }
        return Queue(group).Reader;
    }

    /// <summary>A copy to every group bound to the message's name, stamped with that group (as CAP's broker clients do on receipt); no group bound: dropped, like an exchange without queues.</summary>
    public void Send(TransportMessage message)
    {
        if (!groupsByTopic.TryGetValue(message.GetName(), out var groups))
        {
            return;
        }
        foreach (var group in groups.Keys)
        {
            var headers = new Dictionary<string, string?>(message.Headers) { [Headers.Group] = group };
            Write(group, new TransportMessage(headers, message.Body));
        }
    }

    /// <summary>Back into its group's queue (a nack with requeue).</summary>
    public void Requeue(TransportMessage message) =>
        Write(message.GetGroup() ?? throw new InvalidOperationException("A queued message names its group."), message);

    /// <summary>A consumer started reading its queue.</summary>
    public void Listening() => Interlocked.Increment(ref listening);

    /// <summary>Consumers reading their queues; CAP starts them in the background after the host has started.</summary>
    public int ListeningConsumers => Volatile.Read(ref listening);

    private void Write(string group, TransportMessage message)
    {
        if (!Queue(group).Writer.TryWrite(message))
        {
            throw new InvalidOperationException($"The in-process queue of {group} is closed.");
        }
    }

    private Channel<TransportMessage> Queue(string group) =>
        queues.GetOrAdd(group, _ => Channel.CreateUnbounded<TransportMessage>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false }));
}

/// <summary>CAP's sending side: hands the message to <see cref="InProcessBroker"/>.</summary>
internal sealed class InProcessTransport(InProcessBroker broker) : ITransport
{
    public BrokerAddress BrokerAddress => InProcessBroker.Address;

    public Task<OperateResult> SendAsync(TransportMessage message)
    {
        broker.Send(message);
        return Task.FromResult(OperateResult.Success);
    }
}

/// <summary>CAP asks for a client per consumer group and consumer thread (<see cref="CapOptions.ConsumerThreadCount"/>).</summary>
internal sealed class InProcessConsumerClientFactory(InProcessBroker broker) : IConsumerClientFactory
{
    public Task<IConsumerClient> CreateAsync(string groupName, byte groupConcurrent) =>
        Task.FromResult<IConsumerClient>(new InProcessConsumerClient(broker, groupName));
}

/// <summary>
/// One consumer of a group's queue: takes one message at a time and waits for CAP's callback
/// (which stores the received row and, with CAP's defaults, runs the subscriber) before the
/// next, as a broker consumer with a prefetch of one. <c>groupConcurrent</c> (CAP's
/// <c>GroupConcurrent</c>, 0 unless a subscriber sets it) is not supported.
/// </summary>
internal sealed class InProcessConsumerClient(InProcessBroker broker, string group) : IConsumerClient
{
    private ChannelReader<TransportMessage>? queue;

    public BrokerAddress BrokerAddress => InProcessBroker.Address;

    public Func<TransportMessage, object?, Task>? OnMessageCallback { get; set; }

    public Action<LogMessageEventArgs>? OnLogCallback { get; set; }

    public Task SubscribeAsync(IEnumerable<string> topics)
    {
        queue = broker.Bind(group, topics);
        return Task.CompletedTask;
    }

    public async Task ListeningAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reader = queue ?? throw new InvalidOperationException("Subscribe before listening.");
        var onMessage = OnMessageCallback ?? throw new InvalidOperationException("CAP sets OnMessageCallback before listening.");
        broker.Listening();
        await foreach (var message in reader.ReadAllAsync(cancellationToken))
        {
            await onMessage(message, message);
        }
    }

    /// <summary>The ack: the message already left the queue when it was read.</summary>
    public Task CommitAsync(object? sender) => Task.CompletedTask;

    public Task RejectAsync(object? sender)
    {
        if (sender is TransportMessage message)
        {
            broker.Requeue(message);
        }
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Registers the in-process transport with CAP, as <c>UseRabbitMQ(...)</c> registers RabbitMQ's.</summary>
internal sealed class InProcessTransportExtension : ICapOptionsExtension
{
    public void AddServices(IServiceCollection services)
    {
        services.AddSingleton(new CapMessageQueueMakerService("InProcess"));
        services.AddSingleton<InProcessBroker>();
        services.AddSingleton<ITransport, InProcessTransport>();
        services.AddSingleton<IConsumerClientFactory, InProcessConsumerClientFactory>();
    }
}
