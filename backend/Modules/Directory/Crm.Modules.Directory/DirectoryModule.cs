using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Crm.Modules.Deals.Contracts;
using Crm.Modules.Directory.Features;

namespace Crm.Modules.Directory;

/// <summary>
/// The Lists: companies and contacts with their phones, e-mails and messengers, duplicates and
/// merges, suggestions while typing, custom fields. Creates the companies and contacts typed
/// into a deal from Deals' events.
/// </summary>
public sealed class DirectoryModule : IModule
{
    public string Name => "Directory";

    public string Schema => "directory";

    public void Subscribe(EventSubscriptions subscriptions) => subscriptions
        .On<DealCompanyEntered, CreateCompanyFromDeal>()
        .On<DealContactEntered, CreateContactFromDeal>();
}
