namespace Modulets;

/// <summary>Reads a set of assembly files into a <see cref="ModuleSnapshot"/>, validating each one the policy isolates.</summary>
internal static class ModuleSnapshotReader
{
    /// <exception cref="ModuleLoadException">A file cannot be read, an isolated file is not a complete .NET assembly, or nothing is isolated.</exception>
    public static ModuleSnapshot Read(string location, IEnumerable<string> assemblyFiles, IsolationRules rules)
    {
        var images = new Dictionary<string, ModuleAssemblyImage>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in assemblyFiles)
        {
            var bytes = ReadFile(location, file);
            var info = AssemblyImageInspector.Inspect(bytes);
            switch (info.Kind)
            {
                case AssemblyImageKind.Native:
                    // A native library is not an assembly: no load context loads it as one.
                    continue;
                case AssemblyImageKind.Invalid when !rules.IsIsolated(Path.GetFileNameWithoutExtension(file)):
                    // Shared by its name: the host provides it, this copy is never loaded.
                    continue;
                case AssemblyImageKind.Invalid:
                    throw new ModuleLoadException($"'{file}' cannot be loaded: {info.Problem}.", location, file);
            }

            var name = info.Name!;
            if (images.TryGetValue(name, out var other))
            {
                throw new ModuleLoadException(
                    $"'{file}' and '{other.FilePath}' are both the assembly '{name}'; a version holds one assembly of each name.", location, file);
            }

            images.Add(name, new ModuleAssemblyImage(name, file, bytes, ReadMatchingSymbols(file, info.PdbId), rules.IsIsolated(name)));
        }

        if (!images.Values.Any(image => image.IsIsolated))
        {
            throw new ModuleLoadException(
                $"No assembly in '{location}' is isolated by the isolation policy ({string.Join(", ", images.Keys)} are all shared), so there is no module code to version.",
                location,
                null);
        }

        return new ModuleSnapshot(location, images.Values);
    }

    private static byte[] ReadFile(string location, string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleLoadException($"'{file}' cannot be read: {e.Message}", location, file, e);
        }
    }

    /// <summary>Reads the PDB beside an assembly when it is the one the assembly was built with; a stale PDB would give wrong line numbers.</summary>
    private static byte[]? ReadMatchingSymbols(string assemblyFile, Guid? pdbId)
    {
        var pdbFile = Path.ChangeExtension(assemblyFile, ".pdb");
        if (pdbId is null || !File.Exists(pdbFile))
        {
            return null;
        }

        try
        {
            var pdb = File.ReadAllBytes(pdbFile);
            return AssemblyImageInspector.ReadPortablePdbId(pdb) == pdbId ? pdb : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
