using System.Text;
using NetArchTest.Rules;

namespace Crm.Tests.Architecture.Support;

/// <summary>What a rule looked at and what broke it.</summary>
public sealed class Verdict(string rule)
{
    private readonly List<string> _violations = [];

    public string Rule { get; } = rule;

    public int Checked { get; private set; }

    public IReadOnlyList<string> Violations => _violations;

    /// <summary>
    /// Selects what a rule will check. Selecting nothing throws: a typo in a namespace or a
    /// missing assembly must fail the rule, never let it pass by checking zero types.
    /// </summary>
    public IReadOnlyList<Type> Select(string what, PredicateList selection)
    {
        var types = selection.GetTypes().ToList();
        if (types.Count == 0)
        {
            throw new InvalidOperationException($"Rule '{Rule}' selected no {what}: is the namespace or assembly list wrong?");
        }
        Checked += types.Count;
        return types;
    }

    /// <summary>
    /// Selects what may be missing in one place (a module that publishes no events yet); the
    /// verdict as a whole must still have checked something to pass or fail.
    /// </summary>
    public IReadOnlyList<Type> SelectAny(PredicateList selection)
    {
        var types = selection.GetTypes().ToList();
        Checked += types.Count;
        return types;
    }

    /// <summary>Counts checked items that are not types (files, string literals).</summary>
    public void Counted(string what, int count)
    {
        if (count == 0)
        {
            throw new InvalidOperationException($"Rule '{Rule}' found no {what}: is the path wrong?");
        }
        Checked += count;
    }

    public void Add(string violation) => _violations.Add(violation);

    /// <summary>Records every type that failed a NetArchTest condition, with why.</summary>
    public void AddFailing(TestResult result, string why)
    {
        foreach (var name in result.FailingTypeNames ?? [])
        {
            // Cecil writes Outer/Inner; name types as reflection and the compiler's messages do.
            Add($"{name.Replace('/', '+')} {why}");
        }
    }

    public void ShouldPass()
    {
        Assert.True(Checked > 0, $"Rule '{Rule}' checked nothing.");
        Assert.True(_violations.Count == 0, Describe());
    }

    /// <summary>The rule must fail, and each offender must be named in some violation.</summary>
    public void ShouldFailNaming(params string[] offenders)
    {
        Assert.True(Checked > 0, $"Rule '{Rule}' checked nothing.");
        Assert.True(_violations.Count > 0, $"Rule '{Rule}' passed on code that breaks it.");
        foreach (var offender in offenders)
        {
            Assert.True(_violations.Any(v => v.Contains(offender, StringComparison.Ordinal)),
                $"Rule '{Rule}' did not name {offender}.\n{Describe()}");
        }
    }

    /// <summary>Code the rule must not flag, though it sits next to code it must.</summary>
    public void ShouldNotName(params string[] innocents)
    {
        foreach (var innocent in innocents)
        {
            Assert.False(_violations.Any(v => v.Contains(innocent, StringComparison.Ordinal)),
                $"Rule '{Rule}' flagged {innocent}, which is allowed.\n{Describe()}");
        }
    }

    public string Describe()
    {
        var text = new StringBuilder($"Rule '{Rule}' ({Checked} checked) is broken by {_violations.Count}:");
        foreach (var violation in _violations)
        {
            text.Append("\n  ").Append(violation);
        }
        return text.ToString();
    }
}
