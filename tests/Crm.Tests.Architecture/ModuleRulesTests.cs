using Crm.Tests.Architecture.Rules;
using Crm.Tests.Architecture.Support;

namespace Crm.Tests.Architecture;

public class ModuleRulesTests
{
    [Theory]
    [MemberData(nameof(Codebase.ModuleNames), MemberType = typeof(Codebase))]
    public void A_module_uses_other_modules_only_through_their_contracts(string module) =>
        ModuleRules.UseOtherModulesOnlyThroughContracts(Codebase.Module(module).Code, Codebase.Assemblies).ShouldPass();

    [Fact]
    public void Fails_on_a_module_that_uses_another_modules_implementation()
    {
        var verdict = ModuleRules.UseOtherModulesOnlyThroughContracts(Codebase.Fixture.Rogue, Codebase.Fixture.WithRealCode);

        verdict.ShouldFailNaming("Crm.Modules.Rogue.DealsShortcut uses Crm.Modules.Deals:");
        verdict.ShouldNotName("OnUserCreated"); // handles Identity's UserCreated: Contracts are the way in
        Assert.Single(verdict.Violations);
    }
}
