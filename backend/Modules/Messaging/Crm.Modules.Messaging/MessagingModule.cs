using Crm.BuildingBlocks.Modules;

namespace Crm.Modules.Messaging;

/// <summary>The Messaging module: see docs/architecture.md for what it owns.</summary>
public sealed class MessagingModule : IModule
{
    public string Name => "Messaging";

    public string Schema => "messaging";
}
