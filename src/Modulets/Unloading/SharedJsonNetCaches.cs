using System.Collections;

namespace Modulets;

/// <summary>
/// Removes a version's types from the contract cache of Json.NET's shared default resolver, when Json.NET is shared
/// with the host (<c>Share("Newtonsoft.Json")</c>): every type the version serialized with default settings is cached
/// there, for the life of the process. Json.NET private to the module needs none of this: its caches go with it.
/// </summary>
internal static class SharedJsonNetCaches
{
    public static void ClearFor(VersionMembership version)
    {
        if (ContractCache() is not { } cache)
        {
            return;
        }

        foreach (var type in cache.Keys.OfType<Type>().Where(version.Owns).ToList())
        {
            cache.Remove(type);
        }
    }

    /// <summary>Tells whether the version's code uses the host's Json.NET, whose other static caches (attribute and converter caches, keyed by closed generic types no reflection can list) may keep its types: a culprit to name.</summary>
    public static bool IsSharedWith(VersionMembership version) =>
        HostAssemblies.TryGetLoaded("Newtonsoft.Json", out var jsonNet)
        && !version.Owns(jsonNet)
        && version.Assemblies.Any(assembly => assembly.GetReferencedAssemblies().Any(reference => reference.Name == "Newtonsoft.Json"));

    /// <summary>The shared default resolver's cache, when the host has loaded Json.NET, as a dictionary keyed by type.</summary>
    private static IDictionary? ContractCache()
    {
        if (!HostAssemblies.TryGetLoaded("Newtonsoft.Json", out var jsonNet)
            || jsonNet.GetType("Newtonsoft.Json.Serialization.DefaultContractResolver") is not { } resolverType
            || RuntimeInternals.Field(resolverType, "_instance", null) is not { } resolver
            || RuntimeInternals.Field(resolverType, "_contractCache", resolver) is not { } store)
        {
            return null;
        }

        return store as IDictionary ?? store.GetType().GetFields(RuntimeInternals.AnyField).Select(field => field.GetValue(store)).OfType<IDictionary>().FirstOrDefault();
    }
}
