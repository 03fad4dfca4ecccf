using System.Text.RegularExpressions;
using Crm.Tests.Architecture.Support;

namespace Crm.Tests.Architecture.Rules;

/// <summary>Source that owns one schema: a module's project folder, or the building blocks' (schema bus).</summary>
public sealed record SqlOwner(string Name, string Schema, IReadOnlyList<string> Folders)
{
    public override string ToString() => Name;
}

/// <summary>
/// A module's SQL names only its own schema. NetArchTest cannot see SQL (plain Dapper
/// strings), so this reads the source: every string literal, looking for schema-qualified
/// names of any schema we own.
/// </summary>
public static class SqlSchemaRules
{
    public static Verdict NameOnlyOwnSchema(IEnumerable<SqlOwner> owners, IReadOnlyCollection<string> schemas)
    {
        var verdict = new Verdict("SQL names only its own schema");
        if (schemas.Count == 0)
        {
            throw new InvalidOperationException("No schemas to look for.");
        }
        // Quoted identifiers ("deals"."deals") count too; upper case is left alone: our SQL is lower case.
        var qualifiedName = new Regex($@"\b(?<schema>{string.Join('|', schemas.Select(Regex.Escape))})""?\.""?(?<name>[a-z_][a-z0-9_]*)");
        var literals = 0;
        foreach (var owner in owners)
        {
            var files = owner.Folders.SelectMany(SourceFiles).ToList();
            verdict.Counted($"C# files of {owner}", files.Count);
            foreach (var file in files)
            {
                foreach (var literal in CSharpStringLiterals.Read(File.ReadAllText(file)))
                {
                    literals++;
                    foreach (Match match in qualifiedName.Matches(literal.Text))
                    {
                        var schema = match.Groups["schema"].Value;
                        if (schema != owner.Schema)
                        {
                            var line = literal.Line + literal.Text.AsSpan(0, match.Index).Count('\n');
                            verdict.Add($"{Relative(file)}:{line}: {owner} names {schema}.{match.Groups["name"].Value}, " +
                                $"but owns only schema {owner.Schema} (copy the data it needs from the owner's events)");
                        }
                    }
                }
            }
        }
        verdict.Counted("string literals", literals);
        return verdict;
    }

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    private static string Relative(string file) => Path.GetRelativePath(Codebase.RepositoryRoot, file);
}
