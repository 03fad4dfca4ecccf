using Crm.BuildingBlocks.Modules;

namespace Crm.Modules.Directory;

/// <summary>The Directory module: see docs/architecture.md for what it owns.</summary>
public sealed class DirectoryModule : IModule
{
    public string Name => "Directory";

    public string Schema => "directory";
}
