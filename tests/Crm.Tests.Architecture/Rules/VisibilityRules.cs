using Carter;
using Crm.BuildingBlocks.Events;
using Crm.BuildingBlocks.Modules;
using Crm.Tests.Architecture.Support;
using FluentValidation;
using Mediator;
using Mono.Cecil;
using NetArchTest.Rules;

namespace Crm.Tests.Architecture.Rules;

/// <summary>
/// A module is used through its IModule (by the host) and its events (by other modules); the
/// rest, slices included, stays inside it so nothing else can start to depend on it.
/// </summary>
public static class VisibilityRules
{
    /// <summary>What makes a type part of a slice: a mediator or event handler, a validator, an endpoint.</summary>
    private static readonly (string Kind, Func<PredicateList, PredicateList> Select)[] SliceParts =
    [
        .. new[]
        {
            typeof(ICommandHandler<>), typeof(ICommandHandler<,>), typeof(IQueryHandler<,>),
            typeof(IRequestHandler<>), typeof(IRequestHandler<,>), typeof(INotificationHandler<>),
            typeof(IStreamCommandHandler<,>), typeof(IStreamQueryHandler<,>), typeof(IStreamRequestHandler<,>),
            typeof(IIntegrationEventHandler<>), typeof(ICarterModule),
        }.Select(i => (i.Name, (Func<PredicateList, PredicateList>)(p => p.And().ImplementInterface(i)))),
        (typeof(AbstractValidator<>).Name, p => p.And().Inherit(typeof(AbstractValidator<>))),
    ];

    public static Verdict SlicePartsAreNotPublic(IEnumerable<ModuleCode> modules)
    {
        var verdict = new Verdict("handlers, validators and endpoints are not public");
        foreach (var module in modules)
        {
            foreach (var (kind, select) in SliceParts)
            {
                // Modules without slices yet select nothing here; the verdict needs some overall.
                if (verdict.SelectAny(select(module.Implementation.Types())).Count > 0)
                {
                    verdict.AddFailing(select(module.Implementation.Types()).ShouldNot().MeetCustomRule(new VisibleOutsideAssembly()).GetResult(),
                        $"({kind}) is public: make it internal");
                }
            }
        }
        return verdict;
    }

    public static Verdict OnlyTheModuleIsPublic(ModuleCode module)
    {
        var verdict = new Verdict($"{module}'s only public type is its IModule");
        verdict.Select($"types in {module.Implementation}", module.Implementation.Types());
        var visible = module.Implementation.Types().And().MeetCustomRule(new VisibleOutsideAssembly()).GetTypes().ToList();
        foreach (var type in visible.Where(t => !typeof(IModule).IsAssignableFrom(t)))
        {
            verdict.Add($"{type.FullName} is public: only the module's IModule may be");
        }
        var modules = visible.Count(t => typeof(IModule).IsAssignableFrom(t));
        if (modules != 1)
        {
            verdict.Add($"{module.Implementation} has {modules} public IModule implementations, not one");
        }
        return verdict;
    }

    /// <summary>
    /// Effective visibility: a type other assemblies can name is public and nested (if at all)
    /// only in such types. NetArchTest's NotBePublic looks at the type alone (IsPublic, and
    /// IsNestedPublic for nested ones), so it would call a public Handler nested in an internal
    /// static slice class public, though nothing outside the module can see it. Protected
    /// nesting counts as visible: derived types elsewhere can reach it.
    /// </summary>
    private sealed class VisibleOutsideAssembly : ICustomRule
    {
        public bool MeetsRule(TypeDefinition type)
        {
            for (var t = type; t is not null; t = t.DeclaringType)
            {
                if (!(t.IsPublic || t.IsNestedPublic || t.IsNestedFamily || t.IsNestedFamilyOrAssembly))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
