using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace Modulets;

/// <summary>
/// The immutable content of one version: every assembly of the modules folder, read once, and the id that names it,
/// the SHA-256 of the isolated assemblies' names and bytes.
/// </summary>
/// <remarks>
/// Only isolated assemblies enter the id: they are the version's code. Because the isolation policy decides which
/// assemblies are isolated, an edit of the policy that changes that set changes the id, and one that does not, does
/// not. PDBs stay out of it: an assembly's bytes already name the PDB it was built with.
/// </remarks>
internal sealed class ModuleSnapshot
{
    private readonly FrozenDictionary<string, ModuleAssemblyImage> _byName;

    public ModuleSnapshot(string location, IEnumerable<ModuleAssemblyImage> assemblies)
    {
        Location = location;
        Assemblies = [.. assemblies.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase)];
        _byName = Assemblies.ToFrozenDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        IsolatedNames = [.. Assemblies.Where(a => a.IsIsolated).Select(a => a.Name)];
        Id = ComputeId(Assemblies.Where(a => a.IsIsolated));
    }

    public string Id { get; }

    public string ShortId => ModuleVersion.Shorten(Id);

    public string Location { get; }

    public IReadOnlyList<ModuleAssemblyImage> Assemblies { get; }

    public IReadOnlyList<string> IsolatedNames { get; }

    public bool TryGetAssembly(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModuleAssemblyImage? image) =>
        _byName.TryGetValue(name, out image);

    private static string ComputeId(IEnumerable<ModuleAssemblyImage> isolated)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[sizeof(long)];
        foreach (var assembly in isolated)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(assembly.Name.ToUpperInvariant()));
            BitConverter.TryWriteBytes(length, (long)assembly.Image.Length);
            hash.AppendData(length);
            hash.AppendData(assembly.Image);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
