using System.Collections.Frozen;

namespace Modulets;

/// <summary>One assembly of a version, held in memory (with its PDB) so later writes to its file never reach the version.</summary>
internal sealed class ModuleAssemblyImage(string name, string filePath, byte[] image, byte[]? symbols, bool isIsolated)
{
    private FrozenSet<string>? _typeNames;

    public string Name { get; } = name;

    public string FilePath { get; } = filePath;

    public bool IsIsolated { get; } = isIsolated;

    public bool HasSymbols => symbols is not null;

    public ReadOnlySpan<byte> Image => image;

    /// <summary>Tells, from the metadata and without loading the assembly, whether it defines a type.</summary>
    public bool DefinesType(string fullName, bool ignoreCase)
    {
        _typeNames ??= AssemblyImageInspector.ReadTypeNames(image).ToFrozenSet(StringComparer.Ordinal);
        return ignoreCase
            ? _typeNames.Any(name => string.Equals(name, fullName, StringComparison.OrdinalIgnoreCase))
            : _typeNames.Contains(fullName);
    }

    public Stream OpenImage() => new MemoryStream(image, writable: false);

    public Stream? OpenSymbols() => symbols is null ? null : new MemoryStream(symbols, writable: false);
}
