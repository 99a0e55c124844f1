using System.Collections.Frozen;
using System.Reflection;

namespace Modulets;

/// <summary>One assembly of a version, held in memory (with its PDB) so later writes to its file never reach the version.</summary>
internal sealed class ModuleAssemblyImage(AssemblyImageInfo info, string filePath, byte[] image, byte[]? symbols, bool isIsolated)
{
    private FrozenSet<string>? _typeNames;

    public string Name { get; } = info.Name!;

    /// <summary>Gets the culture of a satellite resource assembly, or the empty string for code.</summary>
    public string Culture { get; } = info.Culture;

    public string Key => KeyOf(Name, Culture);

    public IReadOnlyList<AssemblyName> References { get; } = info.References;

    public string FilePath { get; } = filePath;

    public bool IsIsolated { get; } = isIsolated;

    public ReadOnlySpan<byte> Image => image;

    public static string KeyOf(string name, string? culture) => string.IsNullOrEmpty(culture) ? name : $"{name}/{culture}";

    /// <summary>Tells, from the metadata and without loading the assembly, whether it defines a type.</summary>
    public bool DefinesType(string fullName, bool ignoreCase)
    {
        _typeNames ??= AssemblyImageInspector.ReadTypeNames(image).ToFrozenSet(StringComparer.Ordinal);
        return ignoreCase
            ? _typeNames.Any(name => string.Equals(name, fullName, StringComparison.OrdinalIgnoreCase))
            : _typeNames.Contains(fullName);
    }

    /// <summary>Finds, from the metadata and without loading the assembly, its public classes that implement an interface of a shared assembly.</summary>
    public IReadOnlyList<string> FindPublicClassesImplementing(Type sharedInterface) =>
        AssemblyImageInspector.ReadPublicClassesImplementing(image, sharedInterface.Namespace ?? string.Empty, sharedInterface.Name);

    public Stream OpenImage() => new MemoryStream(image, writable: false);

    public Stream? OpenSymbols() => symbols is null ? null : new MemoryStream(symbols, writable: false);
}
