using System.Reflection;
using Carter;

namespace Crm.BuildingBlocks.Modules;

/// <summary>The modules the host runs, and what can be found in their assemblies.</summary>
public sealed class ModuleCatalog(IReadOnlyList<IModule> modules)
{
    public IReadOnlyList<IModule> Modules { get; } = modules;

    public IEnumerable<Assembly> Assemblies => Modules.Select(m => m.GetType().Assembly);

    /// <summary>Every endpoint class of every module (internal ones included: Carter only scans public types).</summary>
    public Type[] EndpointTypes() =>
        Assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ICarterModule).IsAssignableFrom(t))
            .ToArray();
}
