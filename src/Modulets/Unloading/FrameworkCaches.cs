using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;

namespace Modulets;

/// <summary>
/// Clears what keeps a version's types alive outside the version when it unloads: first the caches that declare the
/// framework's hot-reload handlers (<c>[assembly: MetadataUpdateHandler(typeof(X))]</c>, whose static
/// <c>ClearCache(Type[]?)</c> drops what it holds for the given types, or everything), then what those handlers leave:
/// <see cref="KnownCaches"/>, <see cref="ComponentModelCaches"/>, <see cref="DiagnosticsObjects"/>,
/// <see cref="SharedJsonNetCaches"/> and <see cref="LibraryHooks"/>.
/// </summary>
internal static class FrameworkCaches
{
    /// <summary>The handlers each default-context assembly declares: read once per assembly, since reading attributes is slow.</summary>
    private static readonly ConcurrentDictionary<Assembly, MethodInfo[]> s_handlers = new();

    /// <summary>Runs every clean-up; one that fails leaves the others to run, and is reported (thrown) after them.</summary>
    public static void ClearFor(VersionMembership version) =>
        CleanUpSteps.RunAll(
            () => CallHandlers(version),
            () => KnownCaches.ClearFor(version),
            () => ComponentModelCaches.ClearFor(version),
            () => DiagnosticsObjects.DisposeFor(version),
            () => SharedJsonNetCaches.ClearFor(version),
            () => LibraryHooks.ReleaseFor(version));

    /// <summary>Names what the clean-up could not empty, for a leak report.</summary>
    public static IEnumerable<string> Describe(VersionMembership version) =>
        KnownCaches.Describe(version)
            .Concat(ComponentModelCaches.Describe(version))
            .Concat(DiagnosticsObjects.Describe(version))
            .Concat(LibraryHooks.Describe(version));

    private static void CallHandlers(VersionMembership version)
    {
        object[] arguments = [version.Assemblies.SelectMany(LoadableTypes).ToArray()];
        foreach (var clearCache in HostAssemblies.All.SelectMany(assembly => s_handlers.GetOrAdd(assembly, FindHandlers)))
        {
            try
            {
                clearCache.Invoke(null, arguments);
            }
            catch (TargetInvocationException)
            {
                // A framework handler that fails only leaves its cache as it was; unloading goes on.
            }
        }
    }

    private static MethodInfo[] FindHandlers(Assembly assembly)
    {
        try
        {
            return [.. assembly.GetCustomAttributes<MetadataUpdateHandlerAttribute>()
                .Select(attribute => attribute.HandlerType.GetMethod("ClearCache", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(Type[])]))
                .OfType<MethodInfo>()];
        }
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            // An attribute that cannot be read declares no handler we can call.
            return [];
        }
    }

    private static Type[] LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return [.. e.Types.OfType<Type>()];
        }
    }
}
