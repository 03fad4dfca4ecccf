using System.Reflection;
using Crm.BuildingBlocks;
using Crm.BuildingBlocks.Modules;
using Crm.Tests.Architecture.Rules;

namespace Crm.Tests.Architecture.Support;

/// <summary>The real code (everything the host brings into the output folder) and the bad fixture.</summary>
public static class Codebase
{
    private static readonly Lazy<IReadOnlyList<Assembly>> LoadedAssemblies = new(LoadOurAssemblies);
    private static readonly Lazy<IReadOnlyList<DiscoveredModule>> DiscoveredModules = new(DiscoverModules);
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>Host, building blocks, and every module implementation and Contracts assembly.</summary>
    public static IReadOnlyList<Assembly> Assemblies => LoadedAssemblies.Value;

    public static IReadOnlyList<DiscoveredModule> Modules => DiscoveredModules.Value;

    public static DiscoveredModule Module(string name) => Modules.Single(m => m.Code.Name == name);

    public static TheoryData<string> ModuleNames() => new(Modules.Select(m => m.Code.Name));

    public static CodePart BuildingBlocks => new("Crm.BuildingBlocks", Assemblies.Where(a => Named(a, "Crm.BuildingBlocks")).ToList());

    /// <summary>The schema of the event bus tables, owned by the building blocks.</summary>
    public static string BusSchema => BuildingBlocksServices.BusSchema;

    public static string RepositoryRoot => Root.Value;

    /// <summary>Every schema we own: the modules' and the bus.</summary>
    public static IReadOnlyList<string> Schemas => [.. Modules.Select(m => m.Schema), BusSchema];

    /// <summary>The source folders that write SQL, each with the schema it owns.</summary>
    public static IReadOnlyList<SqlOwner> SqlOwners() =>
    [
        .. Modules.Select(m => new SqlOwner(m.Code.Name, m.Schema, [ProjectFolder(m.Code.Namespace), ProjectFolder(m.Code.ContractsNamespace)])),
        new("BuildingBlocks", BusSchema, [ProjectFolder("Crm.BuildingBlocks"), ProjectFolder("Crm.BuildingBlocks.Abstractions")]),
    ];

    public static class Fixture
    {
        public static Assembly Assembly => typeof(Crm.Modules.Rogue.RogueModule).Assembly;

        public static ModuleCode Rogue => new("Rogue", [Assembly]);

        public static CodePart BuildingBlocks => new("Crm.BuildingBlocks.Rogue", [Assembly]);

        /// <summary>Our code as the fixture sees it: the real assemblies plus the fixture itself.</summary>
        public static IReadOnlyList<Assembly> WithRealCode => [.. Codebase.Assemblies, Assembly];

        /// <summary>A module's SQL fixtures: source text under Fixtures/Sql/{module}, never compiled.</summary>
        public static SqlOwner Sql(string module, string schema) =>
            new(module, schema, [Path.Combine(RepositoryRoot, "tests", "Crm.Tests.Architecture.Fixtures", "Sql", module)]);
    }

    /// <summary>The folder of a backend project, found by its file name wherever the project sits.</summary>
    private static string ProjectFolder(string project) =>
        Path.GetDirectoryName(Directory.GetFiles(Path.Combine(RepositoryRoot, "backend"), project + ".csproj", SearchOption.AllDirectories).Single())!;

    private static bool Named(Assembly assembly, string prefix) =>
        assembly.GetName().Name!.StartsWith(prefix, StringComparison.Ordinal);

    /// <summary>
    /// Loads our assemblies from the output folder by file name: the compiler drops references
    /// to assemblies whose types are never used (an empty Contracts, say), so walking
    /// GetReferencedAssemblies from the host would miss some.
    /// </summary>
    private static List<Assembly> LoadOurAssemblies()
    {
        string[] prefixes = ["Crm.Host", "Crm.BuildingBlocks", ModuleCode.Prefix];
        return Directory.GetFiles(AppContext.BaseDirectory, "Crm.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => prefixes.Any(p => name!.StartsWith(p, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .Select(name => Assembly.Load(new AssemblyName(name!)))
            .ToList();
    }

    /// <summary>Every module implementation assembly holds one IModule; it names the module and its schema.</summary>
    private static List<DiscoveredModule> DiscoverModules()
    {
        var byName = Assemblies.ToDictionary(a => a.GetName().Name!);
        var modules = new List<DiscoveredModule>();
        foreach (var (assemblyName, implementation) in byName.Where(p =>
                     p.Key.StartsWith(ModuleCode.Prefix, StringComparison.Ordinal) && !p.Key.EndsWith(".Contracts", StringComparison.Ordinal)))
        {
            var moduleTypes = implementation.GetTypes()
                .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IModule).IsAssignableFrom(t))
                .ToList();
            if (moduleTypes.Count != 1)
            {
                throw new InvalidOperationException($"{assemblyName} must hold exactly one IModule, it holds {moduleTypes.Count}.");
            }
            if (!byName.TryGetValue(assemblyName + ".Contracts", out var contracts))
            {
                throw new InvalidOperationException($"{assemblyName} has no {assemblyName}.Contracts assembly next to it.");
            }
            var module = (IModule)Activator.CreateInstance(moduleTypes[0])!;
            var name = assemblyName[ModuleCode.Prefix.Length..];
            modules.Add(new DiscoveredModule(new ModuleCode(name, [implementation, contracts]), module.Schema, implementation));
        }
        return modules;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crm.Modular.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Crm.Modular.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A module found in the output folder, with the schema its IModule says it owns.</summary>
public sealed record DiscoveredModule(ModuleCode Code, string Schema, Assembly Implementation)
{
    public override string ToString() => Code.Name;
}
