using System.Reflection;
using System.Runtime.CompilerServices;
using Crm.BuildingBlocks.Abstractions;
using Crm.Tests.Architecture.Support;
using Mono.Cecil;
using NetArchTest.Rules;

namespace Crm.Tests.Architecture.Rules;

/// <summary>
/// A module's Contracts is what other modules compile against: immutable facts that carry no
/// dependency but the event base, so referencing them pulls nothing else in.
/// </summary>
public static class ContractRules
{
    /// <summary>
    /// Facts are named in the past tense: "ed", or one of these irregular participles. Add one
    /// here when a real event needs it, not before. "Due" and "Overdue" name a moment that has
    /// come (Tasks' TaskReminderDue, TaskOverdue: the design's names for those facts).
    /// </summary>
    public static readonly string[] IrregularParticiples =
        ["Sent", "Won", "Lost", "Held", "Made", "Done", "Read", "Begun", "Taken", "Paid", "Sold", "Set", "Reset", "Due", "Overdue"];

    private static readonly string PastTense = $"(ed|{string.Join('|', IrregularParticiples)})$";

    /// <summary>Contracts depend on nothing of ours but Crm.BuildingBlocks.Abstractions (and themselves).</summary>
    public static Verdict DependOnlyOnAbstractions(IEnumerable<ModuleCode> modules, IEnumerable<Assembly> ourCode)
    {
        var verdict = new Verdict("Contracts depend on nothing of ours but Crm.BuildingBlocks.Abstractions");
        foreach (var module in modules)
        {
            // A module that publishes nothing yet has an empty Contracts.
            if (verdict.SelectAny(module.Contracts.Types()).Count == 0)
            {
                continue;
            }
            verdict.MustNotUse(module.Contracts, ourCode,
                area => area != "Crm.BuildingBlocks.Abstractions" && area != module.ContractsNamespace,
                "subscribers would have to reference it too");
        }
        return verdict;
    }

    /// <summary>
    /// Contracts hold only sealed records deriving from IntegrationEvent, named in the past tense;
    /// sealed records named "...State" that are no events (the state of a record, which events carry
    /// so that consumers copy it); and static classes of string constants naming the values those
    /// events carry (e.g. StageKinds).
    /// </summary>
    public static Verdict AreSealedPastTenseEvents(IEnumerable<ModuleCode> modules)
    {
        var verdict = new Verdict("Contracts hold only sealed past-tense IntegrationEvent records");
        foreach (var module in modules)
        {
            // Closures and the like are the compiler's, not the contract's.
            PredicateList Contracts() => module.Contracts.Types().And().DoNotHaveCustomAttribute(typeof(CompilerGeneratedAttribute))
                .And().MeetCustomRule(new IsNotVocabulary());
            if (verdict.SelectAny(Contracts()).Count == 0)
            {
                continue;
            }
            PredicateList States() => Contracts().And().HaveNameEndingWith("State");
            verdict.AddFailing(States().Should().BeSealed().GetResult(), "is not sealed");
            verdict.AddFailing(States().Should().MeetCustomRule(new IsRecord()).GetResult(), "is not a record");
            verdict.AddFailing(States().Should().NotInherit(typeof(IntegrationEvent)).GetResult(), "is a state that derives from IntegrationEvent");
            PredicateList Events() => Contracts().And().DoNotHaveNameEndingWith("State");
            verdict.AddFailing(Events().Should().BeSealed().GetResult(), "is not sealed");
            verdict.AddFailing(Events().Should().MeetCustomRule(new IsRecord()).GetResult(), "is not a record");
            verdict.AddFailing(Events().Should().Inherit(typeof(IntegrationEvent)).GetResult(), "does not derive from IntegrationEvent");
            verdict.AddFailing(Events().Should().HaveNameMatching(PastTense).GetResult(),
                $"is not named in the past tense (ends in \"ed\" or {string.Join('/', IrregularParticiples)})");
        }
        return verdict;
    }

    /// <summary>
    /// An event whose first member is a record's state (a "...State" of its Contracts) is an
    /// <see cref="IStateEvent{TState}"/> of that state, so a copy subscribed by state
    /// (<c>OnStateOf</c>) hears it: a new kind of change can never be missed by the copies. Only a
    /// <see cref="NoticeAttribute"/> event (a moment, not a change) is exempt.
    /// </summary>
    public static Verdict StateCarriersAreStateEvents(IEnumerable<ModuleCode> modules)
    {
        var verdict = new Verdict("Events that carry a record's state are IStateEvent of it (or a [Notice])");
        foreach (var module in modules)
        {
            PredicateList Events() => module.Contracts.Types().And().DoNotHaveCustomAttribute(typeof(CompilerGeneratedAttribute))
                .And().Inherit(typeof(IntegrationEvent));
            if (verdict.SelectAny(Events()).Count == 0)
            {
                continue;
            }
            verdict.AddFailing(Events().Should().MeetCustomRule(new IsStateEventOfWhatItCarries()).GetResult(),
                "carries a record's state but is no IStateEvent of it (nor a [Notice])");
        }
        return verdict;
    }

    private sealed class IsStateEventOfWhatItCarries : ICustomRule
    {
        public bool MeetsRule(TypeDefinition type)
        {
            // The primary constructor: public, its first parameter not the record itself (that is the copy constructor).
            var carried = type.Methods
                .Where(m => m.IsConstructor && !m.IsStatic && m.IsPublic && m.Parameters.Count > 0)
                .Select(m => m.Parameters[0].ParameterType)
                .FirstOrDefault(p => p.FullName != type.FullName);
            if (carried is null || !carried.Name.EndsWith("State", StringComparison.Ordinal) || carried.Namespace != type.Namespace)
            {
                return true;
            }
            if (type.CustomAttributes.Any(a => a.AttributeType.FullName == typeof(NoticeAttribute).FullName))
            {
                return true;
            }
            return type.Interfaces.Any(i => i.InterfaceType is GenericInstanceType g
                && g.ElementType.FullName == typeof(IStateEvent<>).FullName
                && g.GenericArguments[0].FullName == carried.FullName);
        }
    }

    /// <summary>Anything but a static class (abstract and sealed in IL) of constants only: no state, no behaviour.</summary>
    private sealed class IsNotVocabulary : ICustomRule
    {
        public bool MeetsRule(TypeDefinition type) =>
            !(type is { IsAbstract: true, IsSealed: true }
              && type.Fields.All(f => f.IsLiteral)
              && type.Methods.Count == 0
              && type.Properties.Count == 0
              && !type.HasNestedTypes);
    }

    /// <summary>The compiler gives every record (and only records) a clone method named <c>&lt;Clone&gt;$</c>.</summary>
    private sealed class IsRecord : ICustomRule
    {
        public bool MeetsRule(TypeDefinition type) => type.Methods.Any(m => m.Name == "<Clone>$");
    }
}
