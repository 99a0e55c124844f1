using System.Reflection;
using System.Runtime.Loader;

namespace Modulets;

/// <summary>
/// The collectible load context of one version. It loads the version's isolated assemblies and native libraries from
/// the snapshot and leaves everything else to the default context.
/// </summary>
/// <remarks>
/// It holds the snapshot and nothing else: caches of types or assemblies live in <see cref="LoadedVersion"/>, which
/// the version drops when it unloads, so no cache can keep the context reachable after <see cref="AssemblyLoadContext.Unload"/>.
/// </remarks>
internal sealed class ModuleLoadContext(ModuleSnapshot snapshot)
    : AssemblyLoadContext($"Modulets version {snapshot.ShortId}", isCollectible: true)
{
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || !snapshot.TryGetAssembly(assemblyName.Name, assemblyName.CultureName, out var image))
        {
            // Not in the module: the host resolves it.
            return null;
        }

        if (image.IsIsolated)
        {
            using var assembly = image.OpenImage();
            using var symbols = image.OpenSymbols();
            return LoadFromStream(assembly, symbols);
        }

        return SharedAssemblies.Resolve(assemblyName, image);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        snapshot.TryGetNativeLibrary(unmanagedDllName, out var library)
            ? LoadUnmanagedDllFromPath(NativeLibraryCache.Materialize(library))
            : IntPtr.Zero;
}
