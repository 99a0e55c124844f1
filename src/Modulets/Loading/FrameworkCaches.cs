using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;

namespace Modulets;

/// <summary>
/// Clears the framework caches that keep module types alive (System.Text.Json's serializer metadata, reflection and
/// component-model caches) when a version unloads, through the handlers the framework declares for hot reload:
/// <c>[assembly: MetadataUpdateHandler(typeof(X))]</c>, whose static <c>ClearCache(Type[]?)</c> drops what it holds
/// for the given types (or everything, for handlers that ignore them); then what those handlers leave:
/// <see cref="ComponentModelCaches"/>, <see cref="DiagnosticsObjects"/> and <see cref="SharedJsonNetCaches"/>.
/// </summary>
internal static class FrameworkCaches
{
    /// <summary>The handlers each default-context assembly declares: read once per assembly, since reading attributes is slow.</summary>
    private static readonly ConcurrentDictionary<Assembly, MethodInfo[]> s_handlers = new();

    public static void ClearFor(IReadOnlyCollection<Assembly> unloading)
    {
        object[] arguments = [unloading.SelectMany(LoadableTypes).ToArray()];
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

        ComponentModelCaches.ClearFor(unloading);
        DiagnosticsObjects.DisposeFor(unloading);
        SharedJsonNetCaches.ClearFor(unloading);
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
