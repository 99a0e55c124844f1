using System.ComponentModel;

namespace Modulets;

/// <summary>
/// Removes a version's types from the tables of <see cref="TypeDescriptor"/>'s reflection-based providers: each
/// provider keeps its own table of the types it described, besides the static tables that <see cref="KnownCaches"/>
/// empties. The framework's own cache handler refreshes each type but keeps the entries, and Json.NET asks for a
/// converter for every contract it builds, so every module using it would stay loaded for ever. No public API removes
/// them, so this walks the provider chain by reflection, and skips what another runtime version lacks.
/// </summary>
internal static class ComponentModelCaches
{
    /// <summary>Reads the one lock TypeDescriptor writes all its tables under, and its reflection providers' (none on a runtime without it).</summary>
    public static object? ReadLock() => RuntimeInternals.Field(typeof(TypeDescriptor), "s_commonSyncObject", null);

    public static void ClearFor(VersionMembership version)
    {
        var gate = ReadLock();
        foreach (var provider in ReflectionProviders())
        {
            CacheScrubber.Remove(provider, gate, version);
        }
    }

    /// <summary>Names the provider tables that still hold the version's types, for a leak report.</summary>
    public static IEnumerable<string> Describe(VersionMembership version) =>
        ReflectionProviders().Sum(provider => CacheScrubber.Count(provider, version)) is var held and > 0
            ? [$"TypeDescriptor's reflection provider tables ({held} entries)"]
            : [];

    /// <summary>The reflection-based providers in the chain of the default provider.</summary>
    private static IEnumerable<object> ReflectionProviders()
    {
        var reflectProvider = typeof(TypeDescriptor).Assembly.GetType("System.ComponentModel.ReflectTypeDescriptionProvider");
        var node = typeof(TypeDescriptor).Assembly.GetType("System.ComponentModel.TypeDescriptor+TypeDescriptionNode");
        if (reflectProvider is null || node is null)
        {
            yield break;
        }

        for (object? provider = TypeDescriptor.GetProvider(typeof(object)); provider is not null && node.IsInstanceOfType(provider); provider = RuntimeInternals.Field(node, "Next", provider))
        {
            if (RuntimeInternals.Field(node, "Provider", provider) is { } inner && reflectProvider.IsInstanceOfType(inner))
            {
                yield return inner;
            }
        }
    }
}
