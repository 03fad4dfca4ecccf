using Crm.BuildingBlocks.Modules;

namespace Crm.Modules.Deals;

/// <summary>The Deals module: see docs/architecture.md for what it owns.</summary>
public sealed class DealsModule : IModule
{
    public string Name => "Deals";

    public string Schema => "deals";
}
