namespace Crm.Modules.Pipelines.Model;

/// <summary>A pipeline as the board, the pipeline switcher and the admin screens show it: with its stages in order.</summary>
internal sealed record PipelineResponse(Guid Id, string Name, string Kind, int Position, bool Archived, int Version)
{
    public const string Columns =
        "id as Id, name as Name, kind as Kind, position as Position, archived as Archived, version as Version";

    public IReadOnlyList<StageResponse> Stages { get; init; } = [];
}

/// <summary>
/// A stage, with the number of deals standing in it as Pipelines learns it from Deals' events (for
/// display: whether a stage may go is Deals' answer). <paramref name="Removing"/>: a removal was asked
/// and Deals has not answered yet; <paramref name="RefusedDealCount"/>: the last removal was refused
/// because this many deals stood in the stage (null when none was refused).
/// </summary>
internal sealed record StageResponse(
    Guid Id, string Name, string Color, string Kind, int Probability, int Position, int DealCount, int Version, bool Removing, int? RefusedDealCount)
{
    /// <summary>Columns of <c>pipelines.stages s</c> joined with <c>pipelines.stage_occupancy o</c> (see <see cref="From"/>).</summary>
    public const string Columns =
        // Events may arrive out of order, so a count can dip below zero for a moment; it is never shown so.
        "s.id as Id, s.name as Name, s.color as Color, s.kind as Kind, s.probability as Probability, s.position as Position, " +
        "greatest(coalesce(o.deal_count, 0), 0) as DealCount, s.version as Version, " +
        "s.removal_request is not null as Removing, s.refused_deal_count as RefusedDealCount";

    public const string From = "pipelines.stages s left join pipelines.stage_occupancy o on o.stage_id = s.id";
}
