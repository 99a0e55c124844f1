using System.Collections;
using System.ComponentModel;
using System.Reflection;

namespace Modulets;

/// <summary>
/// Removes a version's types from <see cref="TypeDescriptor"/>'s tables. The framework's own cache handler (called by
/// <see cref="FrameworkCaches"/>) refreshes each type, but the tables keyed by type keep their entries: every module
/// that asks for a converter or properties (Json.NET does, for each contract it builds) stays loaded for ever. No
/// public API removes them, so this reads the tables by reflection, and skips what another runtime version lacks.
/// </summary>
internal static class ComponentModelCaches
{
    public static void ClearFor(IReadOnlyCollection<Assembly> unloading)
    {
        var assemblies = unloading.ToHashSet();
        foreach (var table in Tables())
        {
            // The concurrent tables take removals as they are; a Hashtable takes one writer at a time.
            if (table is Hashtable hashtable)
            {
                lock (hashtable.SyncRoot)
                {
                    RemoveVersionKeys(hashtable, assemblies);
                }
            }
            else
            {
                RemoveVersionKeys(table, assemblies);
            }
        }
    }

    private static void RemoveVersionKeys(IDictionary table, HashSet<Assembly> assemblies)
    {
        foreach (var key in table.Keys.Cast<object>().Where(key => IsFromVersion(key, assemblies)).ToList())
        {
            table.Remove(key);
        }
    }

    /// <summary>Every dictionary of <see cref="TypeDescriptor"/> and of its reflection-based providers, static or on a provider.</summary>
    private static IEnumerable<IDictionary> Tables()
    {
        var reflectProvider = typeof(TypeDescriptor).Assembly.GetType("System.ComponentModel.ReflectTypeDescriptionProvider");
        var node = typeof(TypeDescriptor).Assembly.GetType("System.ComponentModel.TypeDescriptor+TypeDescriptionNode");
        var owners = new List<(Type Type, object? Instance)> { (typeof(TypeDescriptor), null) };
        if (reflectProvider is not null)
        {
            owners.Add((reflectProvider, null));
            for (var provider = (object?)TypeDescriptor.GetProvider(typeof(object)); provider is not null; provider = node is null ? null : RuntimeInternals.Field(node, "Next", provider))
            {
                if (node is not null && RuntimeInternals.Field(node, "Provider", provider) is { } inner && reflectProvider.IsInstanceOfType(inner))
                {
                    owners.Add((reflectProvider, inner));
                }

                if (node is null || !node.IsInstanceOfType(provider))
                {
                    break;
                }
            }
        }

        return owners.SelectMany(owner => owner.Type.GetFields(RuntimeInternals.AnyField)
            .Where(field => field.IsStatic == (owner.Instance is null) && typeof(IDictionary).IsAssignableFrom(field.FieldType))
            .Select(field => field.GetValue(owner.Instance))
            .OfType<IDictionary>());
    }

    private static bool IsFromVersion(object key, HashSet<Assembly> assemblies) =>
        assemblies.Contains(key is Type type ? type.Assembly : key.GetType().Assembly);
}
