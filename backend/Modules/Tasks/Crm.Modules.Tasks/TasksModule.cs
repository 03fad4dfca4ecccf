using Crm.BuildingBlocks.Modules;

namespace Crm.Modules.Tasks;

/// <summary>The Tasks module: see docs/architecture.md for what it owns.</summary>
public sealed class TasksModule : IModule
{
    public string Name => "Tasks";

    public string Schema => "tasks";
}
