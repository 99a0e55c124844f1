using System.Reflection;
using System.Reflection.Metadata;
using System.Runtime.Loader;

namespace Modulets;

/// <summary>
/// Clears the framework caches that keep module types alive (System.Text.Json's serializer metadata, reflection and
/// component-model caches) when a version unloads, through the handlers the framework declares for hot reload:
/// <c>[assembly: MetadataUpdateHandler(typeof(X))]</c>, whose static <c>ClearCache(Type[]?)</c> drops what it holds
/// for the given types (or everything, for handlers that ignore them).
/// </summary>
internal static class FrameworkCaches
{
    public static void ClearFor(AssemblyLoadContext context)
    {
        var types = context.Assemblies.SelectMany(LoadableTypes).ToArray();
        foreach (var handler in AssemblyLoadContext.Default.Assemblies
            .SelectMany(assembly => assembly.GetCustomAttributes<MetadataUpdateHandlerAttribute>())
            .Select(attribute => attribute.HandlerType)
            .Distinct())
        {
            var clearCache = handler.GetMethod("ClearCache", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(Type[])]);
            try
            {
                clearCache?.Invoke(null, [types]);
            }
            catch (TargetInvocationException)
            {
                // A framework handler that fails only leaves its cache as it was; unloading goes on.
            }
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
