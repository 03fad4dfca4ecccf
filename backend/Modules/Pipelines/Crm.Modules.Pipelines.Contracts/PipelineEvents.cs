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

/// <summary>
/// A stage as other modules copy it, inside its <see cref="PipelineState"/>.
/// </summary>
/// <param name="StageId">The stage.</param>
/// <param name="Name">Its name, unique within the pipeline.</param>
/// <param name="Color">Its colour, "#RRGGBB".</param>
/// <param name="Kind">One of <see cref="StageKinds"/>.</param>
/// <param name="Probability">Its win probability, 0 to 100.</param>
/// <param name="Position">Its place in the pipeline, 0-based, first to last.</param>
/// <param name="RemovalRequest">
/// Set while the stage is being removed: the request, named by the pipeline's version when it was
/// made. From then on no deal may enter the stage; the module that owns deals answers the request
/// (Deals' StageVacated or StageRemovalRefused name it), and only then is the stage removed
/// (<see cref="StageRemoved"/>) or kept (<see cref="StageRemovalCancelled"/>). Null otherwise.
/// </param>
public sealed record StageState(
    Guid StageId, string Name, string Color, string Kind, int Probability, int Position, int? RemovalRequest);

/// <summary>
/// A pipeline with its stages, as other modules copy it, as it is after the change an event tells
/// of. A pipeline and its stages are one aggregate: every pipeline event carries the whole state, a
/// consumer replaces its copy of the pipeline and its stages only when <paramref name="Version"/> is
/// newer than the one it has, so the order of delivery, a repeat or a replay changes nothing, and a
/// rename, a reorder or an added stage is just a newer state.
/// </summary>
/// <param name="PipelineId">The pipeline.</param>
/// <param name="Version">The pipeline's version after the change (pipelines.pipelines.version; every published change, stage changes included, raises it).</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">One of <see cref="PipelineKinds"/>.</param>
/// <param name="Position">Its place in the list of pipelines, 0-based (archived ones count).</param>
/// <param name="Archived">Archived: it left the switcher, its deals stay.</param>
/// <param name="Stages">Its stages, first to last; a removed stage is no longer among them.</param>
public sealed record PipelineState(
    Guid PipelineId, int Version, string Name, string Kind, int Position, bool Archived, IReadOnlyList<StageState> Stages);

/// <summary>A pipeline was created, with its stages.</summary>
public sealed record PipelineCreated(PipelineState Pipeline) : IntegrationEvent, IStateEvent<PipelineState>
{
    PipelineState IStateEvent<PipelineState>.State => Pipeline;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Pipeline.PipelineId, Pipeline.Version);
}

/// <summary>A pipeline was renamed, moved in the list (also when another pipeline's move shifted it), archived or restored.</summary>
public sealed record PipelineUpdated(PipelineState Pipeline) : IntegrationEvent, IStateEvent<PipelineState>
{
    PipelineState IStateEvent<PipelineState>.State => Pipeline;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Pipeline.PipelineId, Pipeline.Version);
}

/// <summary>Stage <paramref name="StageId"/> was added to the pipeline (the stages after its place shifted).</summary>
public sealed record StageAdded(PipelineState Pipeline, Guid StageId) : IntegrationEvent, IStateEvent<PipelineState>
{
    PipelineState IStateEvent<PipelineState>.State => Pipeline;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Pipeline.PipelineId, Pipeline.Version);
}

/// <summary>Stage <paramref name="StageId"/> was renamed, recoloured or given another win probability.</summary>
public sealed record StageUpdated(PipelineState Pipeline, Guid StageId) : IntegrationEvent, IStateEvent<PipelineState>
{
    PipelineState IStateEvent<PipelineState>.State => Pipeline;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Pipeline.PipelineId, Pipeline.Version);
}

/// <summary>The stages of the pipeline were put in a new order.</summary>
public sealed record StagesReordered(PipelineState Pipeline) : IntegrationEvent, IStateEvent<PipelineState>
{
    PipelineState IStateEvent<PipelineState>.State => Pipeline;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Pipeline.PipelineId, Pipeline.Version);
}

/// <summary>
/// A supervisor asked to remove stage <paramref name="StageId"/>: its state now carries a
/// <see cref="StageState.RemovalRequest"/>. The module that owns deals answers: it lets the stage go
/// only if no deal stands in it, and from then on no deal may enter it.
/// </summary>
public sealed record StageRemovalRequested(PipelineState Pipeline, Guid StageId) : IntegrationEvent, IStateEvent<PipelineState>
{
    PipelineState IStateEvent<PipelineState>.State => Pipeline;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Pipeline.PipelineId, Pipeline.Version);
}

/// <summary>
/// The removal of stage <paramref name="StageId"/> was refused because <paramref name="DealCount"/>
/// deals stand in it: the stage stays, deals may enter it again.
/// </summary>
public sealed record StageRemovalCancelled(PipelineState Pipeline, Guid StageId, int DealCount) : IntegrationEvent, IStateEvent<PipelineState>
{
    PipelineState IStateEvent<PipelineState>.State => Pipeline;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Pipeline.PipelineId, Pipeline.Version);
}

/// <summary>Stage <paramref name="StageId"/>, vacated, was removed (the later stages moved up); no deal stands in it.</summary>
public sealed record StageRemoved(PipelineState Pipeline, Guid StageId) : IntegrationEvent, IStateEvent<PipelineState>
{
    PipelineState IStateEvent<PipelineState>.State => Pipeline;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Pipeline.PipelineId, Pipeline.Version);
}

/// <summary>
/// A pipeline's current state, published again on request (PipelinesModule.RepublishAsync) for a
/// module added later or a copy being rebuilt; nothing changed. Handled like any other pipeline
/// event: a copy that already has this version keeps it.
/// </summary>
public sealed record PipelineRepublished(PipelineState Pipeline) : IntegrationEvent, IStateEvent<PipelineState>
{
    PipelineState IStateEvent<PipelineState>.State => Pipeline;

    /// <inheritdoc />
    public override AggregateVersion Aggregate => new(Pipeline.PipelineId, Pipeline.Version);
}
