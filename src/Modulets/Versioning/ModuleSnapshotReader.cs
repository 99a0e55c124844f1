namespace Modulets;

/// <summary>
/// Reads a module folder into a <see cref="ModuleSnapshot"/> and validates it before any load context sees it: every
/// isolated assembly complete and readable, every reference it makes satisfiable, and the host's own assemblies
/// (<see cref="HostCopies"/>) left to the host.
/// </summary>
internal static class ModuleSnapshotReader
{
    private const int HeaderLength = 4096;

    /// <exception cref="ModuleLoadException">The content cannot become a version; the message names the file and the reason.</exception>
    public static ModuleSnapshot Read(ModuleContent content, IsolationRules rules)
    {
        var folder = content.Folder;
        List<(string File, byte[] Bytes, AssemblyImageInfo Info)> read;
        List<NativeLibraryImage> nativeLibraries;
        IReadOnlyList<string> manifests;
        using (ModuletsTelemetry.StartPhase("modulets.version.read"))
        {
            (read, nativeLibraries, manifests) = ReadImages(folder, rules);
        }

        Dictionary<string, ModuleAssemblyImage> assemblies;
        IReadOnlyList<HostCopy> hostCopies;
        using (ModuletsTelemetry.StartPhase("modulets.version.validate"))
        {
            (assemblies, hostCopies) = Validate(folder, read, manifests, rules);
        }

        using (ModuletsTelemetry.StartPhase("modulets.version.hash"))
        {
            return new ModuleSnapshot(folder, assemblies.Values, nativeLibraries, content.Labels, hostCopies);
        }
    }

    /// <summary>Reads every file the content's version would load, and inspects each image.</summary>
    private static (List<(string File, byte[] Bytes, AssemblyImageInfo Info)> Assemblies, List<NativeLibraryImage> NativeLibraries, IReadOnlyList<string> DependencyManifests) ReadImages(string folder, IsolationRules rules)
    {
        var files = ModuleFileSelector.Select(folder);
        var read = new List<(string File, byte[] Bytes, AssemblyImageInfo Info)>();
        var nativeLibraries = files.NativeLibraries.Select(file => ReadNativeLibrary(folder, file, ReadFile(folder, file, NativeImageInspector.IsNotAnImage))).ToList();
        foreach (var file in files.Assemblies)
        {
            var bytes = ReadFile(folder, file, AssemblyImageInspector.IsNotAnImage);
            var info = bytes is null ? AssemblyImageInfo.Invalid("it is not a valid .NET assembly (it has no PE header)") : AssemblyImageInspector.Inspect(bytes);
            switch (info.Kind)
            {
                case AssemblyImageKind.Native:
                    nativeLibraries.Add(ReadNativeLibrary(folder, file, bytes!));
                    continue;
                case AssemblyImageKind.Invalid when !rules.IsIsolated(Path.GetFileNameWithoutExtension(file)):
                    // Shared by its name: the host provides it, this copy is never loaded.
                    continue;
                case AssemblyImageKind.Invalid:
                    throw new ModuleLoadException($"'{file}' cannot be loaded: {info.Problem}.", folder, file);
            }

            read.Add((file, bytes!, info));
        }

        return (read, nativeLibraries, files.DependencyManifests);
    }

    /// <summary>Decides what is shared, leaves the host's own assemblies to the host, and checks that every reference can be satisfied.</summary>
    private static (Dictionary<string, ModuleAssemblyImage> Assemblies, IReadOnlyList<HostCopy> HostCopies) Validate(string folder, List<(string File, byte[] Bytes, AssemblyImageInfo Info)> read, IReadOnlyList<string> manifests, IsolationRules rules)
    {
        var shared = SharedClosure(read.Where(item => item.Info.Culture.Length == 0).Select(item => item.Info), rules);
        var assemblies = new Dictionary<string, ModuleAssemblyImage>(StringComparer.OrdinalIgnoreCase);
        foreach (var (file, bytes, info) in read)
        {
            var image = new ModuleAssemblyImage(info, file, bytes, ReadMatchingSymbols(file, info.PdbId), !shared.Contains(info.Name!));
            if (!assemblies.TryAdd(image.Key, image))
            {
                throw new ModuleLoadException(
                    $"'{file}' and '{assemblies[image.Key].FilePath}' are both the assembly '{image.Key}'; a version holds one assembly of each name.", folder, file);
            }
        }

        var hostCopies = HostCopies.Find(assemblies.Values, ProjectReferences.ReadAll(manifests), rules);
        foreach (var copy in hostCopies)
        {
            assemblies.Remove(copy.Image.Key);
        }

        if (!assemblies.Values.Any(image => image.IsIsolated))
        {
            throw new ModuleLoadException(
                $"No assembly in '{folder}' is isolated by the isolation policy ({string.Join(", ", assemblies.Keys)} are all shared), so there is no module code to version.",
                folder,
                null);
        }

        ReferenceValidator.Validate(folder, assemblies.Values);
        return (assemblies, hostCopies);
    }

    /// <summary>
    /// The assemblies of the content that are shared: those the policy shares, and every assembly of the content that
    /// one of them references. A shared assembly binds its references in the host's context, so a private copy of one
    /// of them would be a second, different type for the module's code: an isolated <c>Microsoft.Extensions.Caching.Memory</c>
    /// could not implement the shared <c>Caching.Abstractions</c>' interfaces over an isolated <c>Primitives</c>.
    /// </summary>
    private static HashSet<string> SharedClosure(IEnumerable<AssemblyImageInfo> infos, IsolationRules rules)
    {
        var byName = new Dictionary<string, AssemblyImageInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var info in infos)
        {
            byName.TryAdd(info.Name!, info);
        }

        var shared = new HashSet<string>(byName.Keys.Where(name => !rules.IsIsolated(name)), StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<string>(shared);
        while (pending.TryDequeue(out var name))
        {
            foreach (var reference in byName[name].References.Select(reference => reference.Name).OfType<string>())
            {
                if (byName.ContainsKey(reference) && shared.Add(reference))
                {
                    pending.Enqueue(reference);
                }
            }
        }

        return shared;
    }

    private static NativeLibraryImage ReadNativeLibrary(string folder, string file, byte[]? bytes) =>
        (bytes is null ? "it is not a native library (neither ELF, Mach-O nor PE)" : NativeImageInspector.FindProblem(bytes)) is { } problem
            ? throw new ModuleLoadException($"'{file}' cannot be loaded: {problem}.", folder, file)
            : new NativeLibraryImage(file, bytes!);

    /// <summary>
    /// Reads a file into memory, but only once its first bytes look like what it claims to be: a file that is not (a
    /// huge garbage file named <c>.dll</c>, say) is turned down from its header, and <see langword="null"/> is returned
    /// without reading the rest.
    /// </summary>
    private static byte[]? ReadFile(string folder, string file, Func<ReadOnlySpan<byte>, bool> headerIsWrong)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
            var length = stream.Length;
            if (length > Array.MaxLength)
            {
                throw new ModuleLoadException($"'{file}' cannot be loaded: it is {length} bytes long, larger than any assembly or library can be.", folder, file);
            }

            Span<byte> head = stackalloc byte[(int)Math.Min(length, HeaderLength)];
            stream.ReadExactly(head);
            if (headerIsWrong(head))
            {
                return null;
            }

            var bytes = new byte[length];
            head.CopyTo(bytes);
            stream.ReadExactly(bytes.AsSpan(head.Length));
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleLoadException($"'{file}' cannot be read: {e.Message}", folder, file, e);
        }
    }

    /// <summary>Reads the PDB beside an assembly when it is the one the assembly was built with; a stale PDB would give wrong line numbers.</summary>
    private static byte[]? ReadMatchingSymbols(string assemblyFile, Guid? pdbId)
    {
        var pdbFile = Path.ChangeExtension(assemblyFile, ".pdb");
        if (pdbId is null || !File.Exists(pdbFile) || new FileInfo(pdbFile).LinkTarget is not null)
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
