using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace Modulets;

/// <summary>
/// The immutable content of one version: every assembly and native library of the module, read once, and the id
/// that names it, the SHA-256 of the isolated assemblies and native libraries (names and bytes).
/// </summary>
/// <remarks>
/// Shared assemblies stay out of the id: the host provides them. Because the isolation policy decides which
/// assemblies are isolated, an edit of the policy that changes that set changes the id, and one that does not, does
/// not. PDBs stay out of it: an assembly's bytes already name the PDB it was built with.
/// </remarks>
internal sealed class ModuleSnapshot
{
    private readonly FrozenDictionary<string, ModuleAssemblyImage> _assemblies;
    private readonly FrozenDictionary<string, NativeLibraryImage> _nativeLibraries;

    public ModuleSnapshot(string location, IEnumerable<ModuleAssemblyImage> assemblies, IEnumerable<NativeLibraryImage> nativeLibraries, IReadOnlyDictionary<string, string> labels, IReadOnlyList<HostCopy> hostCopies)
    {
        Location = location;
        HostCopies = hostCopies;
        Labels = labels;
        Assemblies = [.. assemblies.OrderBy(a => a.Key, StringComparer.OrdinalIgnoreCase)];
        NativeLibraries = [.. nativeLibraries.OrderBy(n => n.Name, StringComparer.Ordinal)];
        _assemblies = Assemblies.ToFrozenDictionary(a => a.Key, StringComparer.OrdinalIgnoreCase);
        _nativeLibraries = NativeLibraries.ToFrozenDictionary(n => n.Name, StringComparer.Ordinal);
        IsolatedNames = [.. Assemblies.Where(a => a.IsIsolated && a.Culture.Length == 0).Select(a => a.Name)];
        Id = ComputeId();
    }

    public string Id { get; }

    public string ShortId => ModuleVersion.Shorten(Id);

    public string Location { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyList<ModuleAssemblyImage> Assemblies { get; }

    public IReadOnlyList<NativeLibraryImage> NativeLibraries { get; }

    public IReadOnlyList<string> IsolatedNames { get; }

    /// <summary>Gets the assemblies of the folder that the host's copies replace.</summary>
    public IReadOnlyList<HostCopy> HostCopies { get; }

    /// <summary>Finds, from the metadata and without loading anything, the assembly-qualified names of the isolated assemblies' public classes implementing a shared interface.</summary>
    public IReadOnlyList<string> FindPublicClassesImplementing(Type sharedInterface) =>
    [
        .. Assemblies
            .Where(image => image.IsIsolated && image.Culture.Length == 0)
            .SelectMany(image => image.FindPublicClassesImplementing(sharedInterface).Select(type => $"{type}, {image.Name}")),
    ];

    public bool TryGetAssembly(string name, string? culture, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModuleAssemblyImage? image) =>
        _assemblies.TryGetValue(ModuleAssemblyImage.KeyOf(name, culture), out image);

    public bool TryGetNativeLibrary(string importName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NativeLibraryImage? library) =>
        _nativeLibraries.TryGetValue(ModuleFileSelector.NativeLibraryName(importName), out library);

    private string ComputeId()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var assembly in Assemblies.Where(a => a.IsIsolated))
        {
            Append(hash, "assembly:" + assembly.Key, assembly.Image);
        }

        foreach (var library in NativeLibraries)
        {
            Append(hash, "native:" + library.Name, library.Image);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, string name, ReadOnlySpan<byte> content)
    {
        Span<byte> length = stackalloc byte[sizeof(long)];
        hash.AppendData(Encoding.UTF8.GetBytes(name.ToUpperInvariant()));
        BitConverter.TryWriteBytes(length, (long)content.Length);
        hash.AppendData(length);
        hash.AppendData(content);
    }
}
