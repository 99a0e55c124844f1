using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace Modulets;

/// <summary>
/// The assemblies of the host's default load context, kept up to date from the runtime's load event: asking the
/// runtime for them enumerates every assembly of every context, too slow to do for each new version.
/// </summary>
internal static class HostAssemblies
{
    private static readonly ConcurrentDictionary<string, Assembly> s_byName = Track();

    public static ICollection<Assembly> All => s_byName.Values;

    public static bool Contains(string simpleName) => s_byName.ContainsKey(simpleName);

    private static ConcurrentDictionary<string, Assembly> Track()
    {
        var byName = new ConcurrentDictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => Add(byName, e.LoadedAssembly);
        foreach (var assembly in AssemblyLoadContext.Default.Assemblies)
        {
            Add(byName, assembly);
        }

        return byName;
    }

    private static void Add(ConcurrentDictionary<string, Assembly> byName, Assembly assembly)
    {
        if (AssemblyLoadContext.GetLoadContext(assembly) == AssemblyLoadContext.Default && assembly.FullName is { } fullName)
        {
            byName.TryAdd(AssemblyNames.Simple(fullName), assembly);
        }
    }
}
