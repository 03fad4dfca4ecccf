using Crm.BuildingBlocks.Modules;

namespace Crm.Modules.Pipelines;

/// <summary>The Pipelines module: see docs/architecture.md for what it owns.</summary>
public sealed class PipelinesModule : IModule
{
    public string Name => "Pipelines";

    public string Schema => "pipelines";
}
