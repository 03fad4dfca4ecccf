using Crm.Tests.Architecture.Rules;
using Crm.Tests.Architecture.Support;

namespace Crm.Tests.Architecture;

public class ContractRulesTests
{
    private static IEnumerable<ModuleCode> RealModules => Codebase.Modules.Select(m => m.Code);

    [Fact]
    public void Contracts_depend_only_on_the_abstractions() =>
        ContractRules.DependOnlyOnAbstractions(RealModules, Codebase.Assemblies).ShouldPass();

    [Fact]
    public void Contracts_hold_only_sealed_past_tense_integration_event_records() =>
        ContractRules.AreSealedPastTenseEvents(RealModules).ShouldPass();

    [Fact]
    public void Events_that_carry_a_records_state_are_state_events_of_it() =>
        ContractRules.StateCarriersAreStateEvents(RealModules).ShouldPass();

    [Fact]
    public void Fails_on_an_event_that_carries_a_state_without_being_a_state_event_of_it()
    {
        var verdict = ContractRules.StateCarriersAreStateEvents([Codebase.Fixture.Rogue]);

        verdict.ShouldFailNaming("Crm.Modules.Rogue.Contracts.ThingRecoloured carries a record's state");
        verdict.ShouldNotName("ThingRenamed ", "ThingReminderSent ", "ThingCreated ");
        Assert.Single(verdict.Violations);
    }

    [Fact]
    public void Fails_on_contracts_that_depend_on_building_blocks_or_other_modules()
    {
        var verdict = ContractRules.DependOnlyOnAbstractions([Codebase.Fixture.Rogue], Codebase.Fixture.WithRealCode);

        verdict.ShouldFailNaming(
            "Crm.Modules.Rogue.Contracts.ThingRejected uses Crm.BuildingBlocks:",
            "Crm.Modules.Rogue.Contracts.ThingOwnerChanged uses Crm.Modules.Identity.Contracts:");
        verdict.ShouldNotName("ThingCreated ");
        Assert.Equal(2, verdict.Violations.Count);
    }

    [Fact]
    public void Fails_on_contracts_that_are_not_sealed_past_tense_integration_event_records()
    {
        var verdict = ContractRules.AreSealedPastTenseEvents([Codebase.Fixture.Rogue]);

        verdict.ShouldFailNaming(
            "Crm.Modules.Rogue.Contracts.ThingArchived is not sealed",
            "Crm.Modules.Rogue.Contracts.ThingSnapshot is not sealed",
            "Crm.Modules.Rogue.Contracts.ThingSnapshot is not a record",
            "Crm.Modules.Rogue.Contracts.ThingSnapshot does not derive from IntegrationEvent",
            "Crm.Modules.Rogue.Contracts.ThingMoved does not derive from IntegrationEvent",
            "Crm.Modules.Rogue.Contracts.CreateThing is not named in the past tense",
            "Crm.Modules.Rogue.Contracts.ThingSnapshot is not named in the past tense",
            "Crm.Modules.Rogue.Contracts.ThingHelpers is not a record",
            "Crm.Modules.Rogue.Contracts.ThingHelpers does not derive from IntegrationEvent",
            "Crm.Modules.Rogue.Contracts.ThingOwnerState is not sealed",
            "Crm.Modules.Rogue.Contracts.ThingOwnerState is a state that derives from IntegrationEvent");
        verdict.ShouldNotName("ThingCreated ", "ThingSent ", "ThingRejected ", "ThingOwnerChanged ", "ThingColours ", "ThingState ", "ThingRenamed ",
            "ThingRecoloured ", "ThingReminderSent ");
        Assert.Equal(12, verdict.Violations.Count);
    }
}
