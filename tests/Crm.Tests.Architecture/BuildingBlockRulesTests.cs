using Crm.Tests.Architecture.Rules;
using Crm.Tests.Architecture.Support;

namespace Crm.Tests.Architecture;

public class BuildingBlockRulesTests
{
    [Fact]
    public void Building_blocks_know_no_module_and_not_the_host() =>
        BuildingBlockRules.KnowNoModuleNorHost(Codebase.BuildingBlocks, Codebase.Assemblies).ShouldPass();

    [Fact]
    public void The_rule_covers_both_building_block_assemblies() =>
        Assert.Equal(["Crm.BuildingBlocks", "Crm.BuildingBlocks.Abstractions"],
            Codebase.BuildingBlocks.Assemblies.Select(a => a.GetName().Name).Order(StringComparer.Ordinal));

    [Fact]
    public void Fails_on_a_building_block_that_uses_a_module()
    {
        var verdict = BuildingBlockRules.KnowNoModuleNorHost(Codebase.Fixture.BuildingBlocks, Codebase.Fixture.WithRealCode);

        verdict.ShouldFailNaming("Crm.BuildingBlocks.Rogue.DealsSchemaShortcut uses Crm.Modules.Deals:");
        verdict.ShouldNotName("ModuleCount"); // uses Crm.BuildingBlocks.Modules, a building block
        Assert.Single(verdict.Violations);
    }
}
