using System.Reflection;

namespace Crm.Tests.Architecture.Support;

/// <summary>
/// Where a type of ours lives, at the grain the rules speak of: Crm.Host, Crm.BuildingBlocks,
/// Crm.BuildingBlocks.Abstractions, a module's implementation (Crm.Modules.Deals) or its
/// Contracts (Crm.Modules.Deals.Contracts).
/// </summary>
public static class Areas
{
    public static string? Of(string? ns)
    {
        if (ns is null || !ns.StartsWith("Crm.", StringComparison.Ordinal))
        {
            return null;
        }
        var parts = ns.Split('.');
        return parts switch
        {
            [_, "Modules", var module, "Contracts", ..] => $"Crm.Modules.{module}.Contracts",
            [_, "Modules", var module, ..] => $"Crm.Modules.{module}",
            [_, "BuildingBlocks", "Abstractions", ..] => "Crm.BuildingBlocks.Abstractions",
            [_, var top, ..] => $"Crm.{top}",
            _ => ns,
        };
    }

    public static bool IsModuleImplementation(string area) =>
        area.StartsWith(ModuleCode.Prefix, StringComparison.Ordinal) && !area.EndsWith(".Contracts", StringComparison.Ordinal);

    /// <summary>
    /// The full names of our top-level types, by area. NetArchTest matches a dependency on a
    /// name by whole namespace segments, so forbidding "Crm.Modules.Deals" would forbid
    /// Crm.Modules.Deals.Contracts too: the rules forbid each type of an area by name instead
    /// (a nested type is caught through the name of the type it is nested in).
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> TypeNames(IEnumerable<Assembly> ourCode) =>
        ourCode.SelectMany(a => a.GetTypes())
            .Where(t => !t.IsNested && Of(t.Namespace) is not null)
            .GroupBy(t => Of(t.Namespace)!)
            .ToDictionary(g => g.Key, g => g.Select(t => t.FullName!).ToArray());
}

/// <summary>The dependency check the rules share.</summary>
public static class DependencyChecks
{
    /// <summary>Flags every type of <paramref name="subject"/> that uses a type of a forbidden area, per area.</summary>
    public static void MustNotUse(this Verdict verdict, CodePart subject, IEnumerable<Assembly> ourCode, Func<string, bool> forbidden, string because)
    {
        var areas = Areas.TypeNames(ourCode).Where(a => forbidden(a.Key)).OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
        if (areas.Count == 0)
        {
            throw new InvalidOperationException($"Rule '{verdict.Rule}' found nothing to forbid: is the assembly list wrong?");
        }
        foreach (var (area, typeNames) in areas)
        {
            var result = subject.Types().ShouldNot().HaveDependencyOnAny(typeNames).GetResult();
            verdict.AddFailing(result, $"uses {area}: {because}");
        }
    }
}
