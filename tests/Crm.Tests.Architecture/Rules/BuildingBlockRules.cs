using System.Reflection;
using Crm.Tests.Architecture.Support;

namespace Crm.Tests.Architecture.Rules;

/// <summary>The building blocks serve every module, so they know none of them (nor the host that wires them).</summary>
public static class BuildingBlockRules
{
    public static Verdict KnowNoModuleNorHost(CodePart buildingBlocks, IEnumerable<Assembly> ourCode)
    {
        var verdict = new Verdict($"{buildingBlocks} depends on no module and not on the host");
        verdict.Select($"types in {buildingBlocks}", buildingBlocks.Types());
        // By area, not by namespace prefix: Crm.BuildingBlocks.Modules is a building block.
        verdict.MustNotUse(buildingBlocks, ourCode,
            area => area.StartsWith(ModuleCode.Prefix, StringComparison.Ordinal) || area == "Crm.Host",
            "building blocks must stay module-agnostic");
        return verdict;
    }
}
