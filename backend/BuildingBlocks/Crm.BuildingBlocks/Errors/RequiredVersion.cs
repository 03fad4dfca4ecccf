using System.Collections.Concurrent;
using System.Reflection;
using Crm.BuildingBlocks.Localization;

namespace Crm.BuildingBlocks.Errors;

/// <summary>
/// The one rule for optimistic concurrency input: a command that carries the <c>Version</c> it was
/// read at must carry a real one (versions start at 1). A body without <c>version</c> binds to 0,
/// which is not a stale version (409) but a missing field (400).
/// </summary>
public static class RequiredVersion
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> Properties = new();

    /// <summary>Throws a 400 naming <c>version</c> when <paramref name="message"/> has a Version below 1 (an int, or an int? that is given).</summary>
    public static void Check(object message)
    {
        var property = Properties.GetOrAdd(message.GetType(),
            t => t.GetProperty("Version", BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var type } p && (type == typeof(int) || type == typeof(int?)) ? p : null);
        // An int? Version is optional (null: no check), but one that is given must be real too.
        if (property is not null && property.GetValue(message) is int version && version < 1)
        {
            throw new FieldValidationException("version", T.Pick(
                "Укажите версию записи, с которой вы работали (version).",
                "Give the version of the record you read (version)."));
        }
    }
}
