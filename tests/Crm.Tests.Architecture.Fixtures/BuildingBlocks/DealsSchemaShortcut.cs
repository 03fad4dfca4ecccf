using Crm.BuildingBlocks.Modules;
using Crm.Modules.Deals;

namespace Crm.BuildingBlocks.Rogue;

/// <summary>Violation: a building block that knows a module.</summary>
public static class DealsSchemaShortcut
{
    public static string Schema => new DealsModule().Schema;
}

/// <summary>Allowed: Crm.BuildingBlocks.Modules is a building block, not a module, whatever its name says.</summary>
public static class ModuleCount
{
    public static int Of(ModuleCatalog catalog) => catalog.Modules.Count;
}
