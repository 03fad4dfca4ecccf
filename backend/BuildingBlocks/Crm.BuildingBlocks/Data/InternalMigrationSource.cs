using System.Reflection;
using FluentMigrator;
using FluentMigrator.Runner.Initialization;

namespace Crm.BuildingBlocks.Data;

/// <summary>
/// FluentMigrator scans only public types; a module's migrations are internal like the rest of
/// its insides, so this source reads every type of the module's assembly.
/// </summary>
internal sealed class InternalMigrationSource(Assembly assembly) : IFilteringMigrationSource
{
    public IEnumerable<IMigration> GetMigrations() => GetMigrations(_ => true);

    public IEnumerable<IMigration> GetMigrations(Func<Type, bool> predicate) =>
        assembly.GetTypes()
            .Where(t => typeof(IMigration).IsAssignableFrom(t) && t is { IsAbstract: false, IsClass: true } && predicate(t))
            .Select(t => (IMigration)Activator.CreateInstance(t, nonPublic: true)!);
}
