using System.Reflection;
using System.Runtime.Loader;

namespace Modulets;

/// <summary>
/// Picks the files of a module folder that this process uses, as the runtime would: the top-level assemblies and
/// native libraries, the satellite assemblies in culture folders, and from <c>runtimes/</c> the assets of this
/// platform, as the folder's <c>.deps.json</c> resolves them (<see cref="AssemblyDependencyResolver"/>), or by the
/// runtime identifier chain when it has none. Symbolic links are never followed (<see cref="FolderEntries"/>).
/// </summary>
internal static class ModuleFileSelector
{
    private const string RuntimesFolder = "runtimes";

    /// <exception cref="ModuleLoadException">The folder is missing or unreadable, a <c>.deps.json</c> is unusable, or there is no assembly.</exception>
    public static ModuleFiles Select(string folder)
    {
        EnsureFolder(folder);
        try
        {
            // One pass over the folder itself; only subfolders (satellites, runtimes) are read apart.
            var (files, directories) = FolderEntries.List(folder);
            var manifests = files.Where(file => file.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase)).ToList();
            var resolvers = CreateResolvers(folder, manifests, files);
            var runtimeAssets = SelectRuntimeAssets(folder, directories, resolvers);
            var runtimeAssemblyNames = runtimeAssets.Assemblies.Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);

            var assemblies = files.Where(file => file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                .Where(file => !runtimeAssemblyNames.Contains(Path.GetFileName(file)))
                .Concat(SatelliteAssemblies(directories))
                .Concat(runtimeAssets.Assemblies)
                .Order(StringComparer.Ordinal)
                .ToList();
            var natives = files
                .Where(IsNativeLibraryFile)
                .Concat(runtimeAssets.NativeLibraries)
                .Order(StringComparer.Ordinal)
                .ToList();

            if (assemblies.Count == 0)
            {
                throw new ModuleLoadException($"The modules folder '{folder}' contains no assemblies (*.dll).", folder, null);
            }

            return new ModuleFiles(assemblies, natives, manifests);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleLoadException($"The modules folder '{folder}' cannot be read: {e.Message}", folder, null, e);
        }
    }

    /// <exception cref="ModuleLoadException">The path is missing, or is a file.</exception>
    public static void EnsureFolder(string folder)
    {
        if (File.Exists(folder))
        {
            throw new ModuleLoadException($"The modules path '{folder}' is a file, not a folder.", folder, null);
        }

        if (!Directory.Exists(folder))
        {
            throw new ModuleLoadException($"The modules folder '{folder}' does not exist.", folder, null);
        }
    }

    /// <summary>Turns a native library's file or import name into the name both are matched by: <c>libe_sqlite3.so</c> and <c>e_sqlite3</c> are both <c>e_sqlite3</c>.</summary>
    public static string NativeLibraryName(string fileOrImportName)
    {
        var name = Path.GetFileName(fileOrImportName);
        var soVersion = name.IndexOf(".so.", StringComparison.Ordinal);
        if (soVersion > 0)
        {
            name = name[..soVersion];
        }

        foreach (var extension in (string[])[".so", ".dylib", ".dll"])
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^extension.Length];
                break;
            }
        }

        return name.StartsWith("lib", StringComparison.Ordinal) && name.Length > 3 ? name[3..] : name;
    }

    private static bool IsNativeLibraryFile(string file)
    {
        var name = Path.GetFileName(file);
        return name.EndsWith(".so", StringComparison.Ordinal) || name.Contains(".so.", StringComparison.Ordinal) || name.EndsWith(".dylib", StringComparison.Ordinal);
    }

    private static List<AssemblyDependencyResolver> CreateResolvers(string folder, List<string> manifests, List<string> files)
    {
        var resolvers = new List<AssemblyDependencyResolver>();
        foreach (var depsFile in manifests)
        {
            var component = depsFile[..^".deps.json".Length] + ".dll";
            if (!files.Contains(component, StringComparer.Ordinal))
            {
                continue;
            }

            // The runtime's resolver aborts the process on some well-formed files: they never reach it.
            if (DependencyManifestCheck.Problem(depsFile) is { } problem)
            {
                throw new ModuleLoadException($"'{depsFile}' cannot be used to resolve the module's dependencies: {problem}.", folder, depsFile);
            }

            try
            {
                resolvers.Add(new AssemblyDependencyResolver(component));
            }
            catch (InvalidOperationException e)
            {
                throw new ModuleLoadException($"'{depsFile}' cannot be used to resolve the module's dependencies: {e.Message}", folder, depsFile, e);
            }
        }

        return resolvers;
    }

    private static IEnumerable<string> SatelliteAssemblies(List<string> directories) =>
        directories
            .Where(directory => Path.GetFileName(directory) is var name && name != RuntimesFolder && !name.StartsWith('.'))
            .SelectMany(directory => FolderEntries.Files(directory, "*.resources.dll"));

    private static ModuleFiles SelectRuntimeAssets(string folder, List<string> directories, List<AssemblyDependencyResolver> resolvers)
    {
        var runtimes = Path.Combine(folder, RuntimesFolder);
        if (!directories.Contains(runtimes, StringComparer.Ordinal))
        {
            return new ModuleFiles([], [], []);
        }

        // runtimes/<rid>/lib/<tfm>/<assembly>.dll and runtimes/<rid>/native/<library>
        var assets = FolderEntries.Files(runtimes, recursive: true)
            .Select(file => (File: Path.GetFullPath(file), Parts: Path.GetRelativePath(runtimes, file).Split(Path.DirectorySeparatorChar)))
            .Where(asset => asset.Parts.Length >= 3)
            .ToList();
        var assemblies = assets.Where(a => a.Parts[1] == "lib" && a.File.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).ToList();
        var natives = assets.Where(a => a.Parts[1] == "native").ToList();

        if (resolvers.Count > 0)
        {
            return new ModuleFiles(
                [.. assemblies.Where(a => resolvers.Any(r => r.ResolveAssemblyToPath(new AssemblyName(Path.GetFileNameWithoutExtension(a.File))) == a.File)).Select(a => a.File)],
                [.. natives.Where(a => resolvers.Any(r => r.ResolveUnmanagedDllToPath(NativeLibraryName(a.File)) == a.File)).Select(a => a.File)],
                []);
        }

        return new ModuleFiles(MostSpecificPerFileName(assemblies), MostSpecificPerFileName(natives), []);
    }

    private static List<string> MostSpecificPerFileName(List<(string File, string[] Parts)> assets) =>
        [.. assets
            .Select(asset => (asset.File, Rank: RuntimeIdentifierChain.Rank(asset.Parts[0])))
            .Where(asset => asset.Rank >= 0)
            .GroupBy(asset => Path.GetFileName(asset.File), StringComparer.OrdinalIgnoreCase)
            .Select(group => group.MinBy(asset => asset.Rank).File)];
}
