using System.Reflection;

namespace Modulets;

/// <summary>One assembly of a version, held in memory (with its PDB) so later writes to its file never reach the version.</summary>
internal sealed class ModuleAssemblyImage(AssemblyImageInfo info, string filePath, byte[] image, byte[]? symbols, bool isIsolated)
{
    private readonly IReadOnlySet<string> _typeNames = info.TypeNames;
    private readonly IReadOnlyList<PublicClass> _publicClasses = info.PublicClasses;
    private readonly IReadOnlySet<string> _contractAssemblies = info.ContractAssemblies;

    public string Name { get; } = info.Name!;

    /// <summary>Gets the culture of a satellite resource assembly, or the empty string for code.</summary>
    public string Culture { get; } = info.Culture;

    public string Key => KeyOf(Name, Culture);

    public IReadOnlyList<AssemblyName> References { get; } = info.References;

    public string FilePath { get; } = filePath;

    /// <summary>Gets the build id (MVID): two files with the same one are the same build.</summary>
    public Guid Mvid { get; } = info.Mvid;

    public bool IsIsolated { get; } = isIsolated;

    public ReadOnlySpan<byte> Image => image;

    public static string KeyOf(string name, string? culture) => string.IsNullOrEmpty(culture) ? name : $"{name}/{culture}";

    /// <summary>Tells, from the metadata and without loading the assembly, whether it defines a type.</summary>
    public bool DefinesType(string fullName, bool ignoreCase)
    {
        return ignoreCase
            ? _typeNames.Any(name => string.Equals(name, fullName, StringComparison.OrdinalIgnoreCase))
            : _typeNames.Contains(fullName);
    }

    /// <summary>Tells, from the metadata, whether the assembly's public types implement interfaces of another assembly or extend its classes: whether that one is a contract its objects are handed out as.</summary>
    public bool IsContract(string assemblyName) => _contractAssemblies.Contains(assemblyName);

    /// <summary>Finds, from the metadata and without loading the assembly, its public classes that implement an interface of a shared assembly.</summary>
    public IReadOnlyList<string> FindPublicClassesImplementing(Type sharedInterface)
    {
        var wanted = (sharedInterface.Namespace ?? string.Empty, sharedInterface.Name);
        return [.. _publicClasses.Where(type => type.Interfaces.Contains(wanted)).Select(type => type.FullName)];
    }

    public Stream OpenImage() => new MemoryStream(image, writable: false);

    public Stream? OpenSymbols() => symbols is null ? null : new MemoryStream(symbols, writable: false);
}
