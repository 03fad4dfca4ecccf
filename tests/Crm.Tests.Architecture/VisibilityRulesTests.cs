using Crm.Tests.Architecture.Rules;
using Crm.Tests.Architecture.Support;

namespace Crm.Tests.Architecture;

public class VisibilityRulesTests
{
    [Fact]
    public void Handlers_validators_and_endpoints_are_not_public() =>
        VisibilityRules.SlicePartsAreNotPublic(Codebase.Modules.Select(m => m.Code)).ShouldPass();

    [Theory]
    [MemberData(nameof(Codebase.ModuleNames), MemberType = typeof(Codebase))]
    public void A_modules_only_public_type_is_its_IModule(string module) =>
        VisibilityRules.OnlyTheModuleIsPublic(Codebase.Module(module).Code).ShouldPass();

    [Fact]
    public void Fails_on_public_handlers_validators_and_endpoints()
    {
        var verdict = VisibilityRules.SlicePartsAreNotPublic([Codebase.Fixture.Rogue]);

        verdict.ShouldFailNaming(
            "Crm.Modules.Rogue.Features.CreateThing+Handler (ICommandHandler`2) is public",
            "Crm.Modules.Rogue.Features.CreateThing+Validator (AbstractValidator`1) is public",
            "Crm.Modules.Rogue.Features.CreateThing+Endpoint (ICarterModule) is public",
            "Crm.Modules.Rogue.Features.OnUserDeactivated (IIntegrationEventHandler`1) is public");
        // Public, but nested in an internal class: effectively internal.
        verdict.ShouldNotName("ArchiveThing", "OnUserCreated");
        Assert.Equal(4, verdict.Violations.Count);
    }

    [Fact]
    public void Fails_on_public_types_besides_the_IModule()
    {
        var verdict = VisibilityRules.OnlyTheModuleIsPublic(Codebase.Fixture.Rogue);

        verdict.ShouldFailNaming(
            "Crm.Modules.Rogue.RogueFormatting is public",
            "Crm.Modules.Rogue.Features.CreateThing is public",
            "Crm.Modules.Rogue.Features.CreateThing+Handler is public",
            "Crm.Modules.Rogue.Features.OnUserDeactivated is public");
        verdict.ShouldNotName("RogueModule", "ArchiveThing", "DealsShortcut", ".Contracts.");
    }
}
