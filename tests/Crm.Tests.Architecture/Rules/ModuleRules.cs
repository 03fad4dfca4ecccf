using System.Reflection;
using Crm.Tests.Architecture.Support;

namespace Crm.Tests.Architecture.Rules;

/// <summary>Modules talk through integration events: another module's Contracts, never its implementation.</summary>
public static class ModuleRules
{
    public static Verdict UseOtherModulesOnlyThroughContracts(ModuleCode module, IEnumerable<Assembly> ourCode)
    {
        var verdict = new Verdict($"{module} uses other modules only through their Contracts");
        verdict.Select($"types in {module.Implementation}", module.Implementation.Types());
        verdict.MustNotUse(module.Implementation, ourCode,
            area => Areas.IsModuleImplementation(area) && area != module.Namespace,
            "another module's implementation (reference its .Contracts and handle its events instead)");
        return verdict;
    }
}
