using Crm.BuildingBlocks.Modules;

namespace Crm.Modules.Inbox;

/// <summary>The Inbox module: see docs/architecture.md for what it owns.</summary>
public sealed class InboxModule : IModule
{
    public string Name => "Inbox";

    public string Schema => "inbox";
}
