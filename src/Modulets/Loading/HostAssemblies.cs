using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;

namespace Modulets;

/// <summary>
/// The assemblies of the host's default load context, kept up to date from the runtime's load event (asking the
/// runtime for them enumerates every assembly of every context, too slow to do for each new version), and the builds
/// of those the host would load: the application's own assemblies, listed by the runtime as trusted platform assemblies.
/// </summary>
internal static class HostAssemblies
{
    private static readonly ConcurrentDictionary<string, Assembly> s_byName = Track();
    private static readonly Lazy<Dictionary<string, string>> s_trustedPaths = new(ReadTrustedPaths);
    private static readonly ConcurrentDictionary<string, Guid?> s_unloadedBuilds = new(StringComparer.OrdinalIgnoreCase);

    public static ICollection<Assembly> All => s_byName.Values;

    public static bool Contains(string simpleName) => s_byName.ContainsKey(simpleName);

    public static bool TryGetLoaded(string simpleName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Assembly? assembly) => s_byName.TryGetValue(simpleName, out assembly);

    /// <summary>Gets the build id (MVID) of the host's copy of an assembly, loaded or not yet, or <see langword="null"/> when the host has none.</summary>
    public static Guid? FindBuild(string simpleName) =>
        s_byName.TryGetValue(simpleName, out var loaded)
            ? loaded.ManifestModule.ModuleVersionId
            : s_unloadedBuilds.GetOrAdd(simpleName, static name => s_trustedPaths.Value.TryGetValue(name, out var path) ? ReadBuild(path) : null);

    private static Dictionary<string, string> ReadTrustedPaths()
    {
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            paths.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }

        return paths;
    }

    private static Guid? ReadBuild(string path)
    {
        try
        {
            using var pe = new PEReader(File.OpenRead(path));
            var metadata = pe.GetMetadataReader();
            return metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
        {
            return null;
        }
    }

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
