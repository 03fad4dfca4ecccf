namespace Crm.BuildingBlocks.Abstractions;

/// <summary>
/// Marks an event that tells of a moment, not of a change (a task's reminder is due): it carries
/// the record's current state for its subscribers' convenience, at the current version, but is no
/// <see cref="IStateEvent{TState}"/>, so copies kept by state do not hear it. Every other event whose
/// first member is a record's state is an <see cref="IStateEvent{TState}"/> of it (an architecture
/// test checks this).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NoticeAttribute : Attribute;
