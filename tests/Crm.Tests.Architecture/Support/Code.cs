using System.Reflection;
using Mono.Cecil;
using NetArchTest.Rules;

namespace Crm.Tests.Architecture.Support;

/// <summary>
/// Part of our code as a rule sees it: the types under a namespace, looked for in some
/// assemblies. Rules select by namespace rather than by assembly so that the same rule runs
/// against the real assemblies and against the fixture, which mimics several of them in one.
/// </summary>
public sealed record CodePart(string Namespace, IReadOnlyList<Assembly> Assemblies, string? ExceptNamespace = null)
{
    public PredicateList Types() =>
        NetArchTest.Rules.Types.InAssemblies(Assemblies).That().MeetCustomRule(new InNamespace(Namespace, ExceptNamespace));

    public override string ToString() => Namespace;

    /// <summary>
    /// The namespace and those below it, by whole segments. NetArchTest 1.3.2's ResideInNamespace
    /// is a plain StartsWith ("Crm.Modules.Deal" selects Crm.Modules.Deals), and its
    /// ResideInNamespaceMatching/StartingWith drop internal nested types (every slice's Handler).
    /// </summary>
    private sealed class InNamespace(string ns, string? except) : ICustomRule
    {
        public bool MeetsRule(TypeDefinition type)
        {
            var outer = type;
            while (outer.DeclaringType is not null)
            {
                outer = outer.DeclaringType; // Cecil gives nested types no namespace of their own
            }
            return IsUnder(outer.Namespace, ns) && (except is null || !IsUnder(outer.Namespace, except));
        }

        private static bool IsUnder(string candidate, string ns) =>
            candidate == ns || candidate.StartsWith(ns + ".", StringComparison.Ordinal);
    }
}

/// <summary>A module: Crm.Modules.{Name} is its implementation, Crm.Modules.{Name}.Contracts its public events.</summary>
public sealed record ModuleCode(string Name, IReadOnlyList<Assembly> Assemblies)
{
    public const string Prefix = "Crm.Modules.";

    public string Namespace => Prefix + Name;

    public string ContractsNamespace => Namespace + ".Contracts";

    public CodePart Implementation => new(Namespace, Assemblies, ExceptNamespace: ContractsNamespace);

    public CodePart Contracts => new(ContractsNamespace, Assemblies);

    public override string ToString() => Name;
}
