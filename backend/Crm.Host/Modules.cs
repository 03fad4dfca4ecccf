using Crm.BuildingBlocks.Modules;
using Crm.Modules.Deals;
using Crm.Modules.Directory;
using Crm.Modules.Identity;
using Crm.Modules.Inbox;
using Crm.Modules.Messaging;
using Crm.Modules.Pipelines;
using Crm.Modules.Tasks;

namespace Crm.Host;

/// <summary>The modules this host runs: the one list to touch when a module is added.</summary>
internal static class Modules
{
    public static ModuleCatalog Catalog() => new(
    [
        new IdentityModule(),
        new PipelinesModule(),
        new DealsModule(),
        new DirectoryModule(),
        new TasksModule(),
        new InboxModule(),
        new MessagingModule(),
    ]);
}
