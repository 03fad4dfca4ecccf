using Crm.Tests.Architecture.Rules;
using Crm.Tests.Architecture.Support;
using Xunit.Sdk;

namespace Crm.Tests.Architecture;

/// <summary>A rule that checks nothing must fail: a typo in a namespace cannot make it pass.</summary>
public class SelectionTests
{
    private static readonly ModuleCode Misspelt = new("Deal", Codebase.Module("Deals").Code.Assemblies);

    [Fact]
    public void Checks_every_module_the_host_runs()
    {
        // The host names each module's IModule, so it references exactly the modules it runs.
        var hostModules = Codebase.Assemblies.Single(a => a.GetName().Name == "Crm.Host").GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith(ModuleCode.Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(hostModules, Codebase.Modules.Select(m => m.Implementation.GetName().Name!).Order(StringComparer.Ordinal));
        Assert.Contains(Codebase.Modules, m => m.Code.Name == "Identity" && m.Schema == "identity");
    }

    [Fact]
    public void Rules_over_a_misspelt_module_fail()
    {
        Assert.Throws<InvalidOperationException>(() => ModuleRules.UseOtherModulesOnlyThroughContracts(Misspelt, Codebase.Assemblies));
        Assert.Throws<InvalidOperationException>(() => VisibilityRules.OnlyTheModuleIsPublic(Misspelt));
        Assert.Throws<InvalidOperationException>(() => BuildingBlockRules.KnowNoModuleNorHost(
            new CodePart("Crm.BuildingBlock", Codebase.BuildingBlocks.Assemblies), Codebase.Assemblies));
        Assert.ThrowsAny<XunitException>(() => ContractRules.AreSealedPastTenseEvents([Misspelt]).ShouldPass());
        Assert.ThrowsAny<XunitException>(() => ContractRules.DependOnlyOnAbstractions([Misspelt], Codebase.Assemblies).ShouldPass());
        Assert.ThrowsAny<XunitException>(() => VisibilityRules.SlicePartsAreNotPublic([Misspelt]).ShouldPass());
    }

    [Fact]
    public void The_SQL_rule_over_a_missing_folder_fails() =>
        Assert.ThrowsAny<Exception>(() => SqlSchemaRules.NameOnlyOwnSchema([Codebase.Fixture.Sql("Nowhere", "deals")], Codebase.Schemas));
}
