namespace Crm.BuildingBlocks.Events;

/// <summary>
/// The bus delivers this handler's batches one at a time across all instances (a transaction-scoped
/// advisory lock per lane, waited for), instead of letting each instance take other records' events
/// of the lane at once. For a handler whose events all update a few shared rows (counters per stage,
/// say): two batches of such a lane on two instances each hold some of those rows while they take the
/// others, in whatever order their events came, and wait for each other until PostgreSQL kills one
/// with a deadlock error and the bus runs it again. One batch at a time, they follow each other. It
/// costs the lane's parallelism across instances, which such a lane does not have anyway (its events
/// queue on the same rows).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OneBatchAtATimeAttribute : Attribute;
