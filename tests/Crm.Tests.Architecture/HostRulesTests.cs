using System.Reflection;
using Crm.BuildingBlocks.Modules;
using Crm.Tests.Architecture.Support;

namespace Crm.Tests.Architecture;

/// <summary>
/// The host references every module project by a wildcard and finds their handlers at compile
/// time, so adding a module is one line: its IModule in backend/Crm.Host/Modules.cs. These rules
/// catch the line being forgotten.
/// </summary>
public class HostRulesTests
{
    [Fact]
    public void The_host_runs_every_module_it_is_built_with()
    {
        var running = HostCatalog().Modules.Select(m => m.GetType().Assembly.GetName().Name!).Order().ToList();
        var built = Codebase.Modules.Select(m => m.Implementation.GetName().Name!).Order().ToList();

        Assert.Equal(built, running);
    }

    [Fact]
    public void Module_names_and_schemas_are_unique()
    {
        var modules = HostCatalog().Modules;

        Assert.Equal(modules.Count, modules.Select(m => m.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(modules.Count, modules.Select(m => m.Schema).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Crm.Host.Modules.Catalog(), internal to the host, read by reflection.</summary>
    private static ModuleCatalog HostCatalog()
    {
        var host = Codebase.Assemblies.Single(a => a.GetName().Name == "Crm.Host");
        var catalog = host.GetType("Crm.Host.Modules", throwOnError: true)!
            .GetMethod("Catalog", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        return (ModuleCatalog)catalog.Invoke(null, null)!;
    }
}
