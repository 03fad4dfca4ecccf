namespace Crm.BuildingBlocks.Events;

/// <summary>
/// The bus delivers this handler's events one per transaction instead of in batches. For a handler
/// that locks rows the module's commands lock too: in a batch, the locks of the events already handled
/// are held while the next event's are taken, an order no command can follow, so a command and the
/// batch can wait for each other (PostgreSQL then kills one of them with a deadlock error). One event
/// per transaction holds one event's locks, taken in the order the commands take them. It costs a
/// commit per event: keep it to handlers that need it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OneEventPerTransactionAttribute : Attribute;
