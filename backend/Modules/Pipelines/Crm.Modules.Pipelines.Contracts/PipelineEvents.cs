using Crm.BuildingBlocks.Abstractions;

namespace Crm.Modules.Pipelines.Contracts;

/// <summary>Kinds of pipeline: "sales" (deals for clients) or "todo" (internal assignments with a deadline).</summary>
public static class PipelineKinds
{
    public const string Sales = "sales";
    public const string Todo = "todo";
}

/// <summary>Kinds of stage: "unsorted" (incoming requests, first), "open", "won" and "lost" (closing, last).</summary>
public static class StageKinds
{
    public const string Unsorted = "unsorted";
    public const string Open = "open";
    public const string Won = "won";
    public const string Lost = "lost";
}

/// <summary>A pipeline was created; its stages follow as <see cref="StageAdded"/> events in the same transaction.</summary>
public sealed record PipelineCreated(Guid PipelineId, string Name, string Kind, int Position) : IntegrationEvent;

/// <summary>A pipeline was renamed, moved in the list, archived or restored.</summary>
public sealed record PipelineUpdated(Guid PipelineId, string Name, int Position, bool Archived) : IntegrationEvent;

/// <summary>A stage was added to a pipeline at <paramref name="Position"/> (0-based; later stages shift).</summary>
public sealed record StageAdded(
    Guid PipelineId, Guid StageId, string Name, string Color, string Kind, int Probability, int Position) : IntegrationEvent;

/// <summary>A stage was renamed, recoloured or given another win probability (its kind and place do not change here).</summary>
public sealed record StageUpdated(Guid PipelineId, Guid StageId, string Name, string Color, int Probability) : IntegrationEvent;

/// <summary>The stages of a pipeline now stand in this order (every stage of the pipeline, first to last).</summary>
public sealed record StagesReordered(Guid PipelineId, IReadOnlyList<Guid> StageIds) : IntegrationEvent;

/// <summary>An empty stage was removed.</summary>
public sealed record StageRemoved(Guid PipelineId, Guid StageId) : IntegrationEvent;
